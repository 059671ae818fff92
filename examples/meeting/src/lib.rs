//! The meeting platform's two sample services, meeting-core and whiteboard-sync, as tonic
//! servers and clients generated from the `.proto` contracts without protoc (see `build.rs`).
//!
//! Two releases of the contracts are built side by side, as they run side by side in
//! production: [`v1`] (the previous release, `testdata/meeting/v1/`) and [`v2`] (the current
//! contract, `proto/`). Each release module has the generated messages and stubs, and the
//! services and demo clients compiled against them: `v1::server` is what a release-1 server
//! does, knowing only release-1 fields.

pub mod keep;

pub use keep::{Kept, Schema};

/// Which services a server hosts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Services {
    /// meeting-core only.
    Meeting,
    /// whiteboard-sync only.
    Whiteboard,
    /// Both, on one port.
    Both,
}

/// Which release of the contracts a demo binary speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Release {
    /// `testdata/meeting/v1/`, the previous release.
    V1,
    /// `proto/`, the current contract.
    V2,
}

/// A client's exit status: success, or the error on stderr and failure.
pub fn exit_code(
    result: Result<(), Box<dyn std::error::Error + Send + Sync>>,
) -> std::process::ExitCode {
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// The arguments every demo binary takes: `[--release v1|v2] [--addr ADDR] ARGS...`.
#[derive(Debug)]
pub struct DemoArgs {
    /// The release to speak; v2 unless `--release v1`.
    pub release: Release,
    /// The address to listen on (servers) or connect to (clients).
    pub addr: String,
    /// Everything else, for the client's command.
    pub rest: Vec<String>,
}

impl DemoArgs {
    /// Parses the process arguments, with `default_addr` when `--addr` is absent.
    pub fn parse(default_addr: &str) -> Result<DemoArgs, String> {
        Self::parse_from(std::env::args().skip(1), default_addr)
    }

    /// Parses `args` (without the program name).
    pub fn parse_from(
        args: impl IntoIterator<Item = String>,
        default_addr: &str,
    ) -> Result<DemoArgs, String> {
        let mut parsed = DemoArgs {
            release: Release::V2,
            addr: default_addr.to_owned(),
            rest: Vec::new(),
        };
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--release" => {
                    parsed.release = match args.next().as_deref() {
                        Some("v1") => Release::V1,
                        Some("v2") => Release::V2,
                        other => return Err(format!("--release takes v1 or v2, not {other:?}")),
                    }
                }
                "--addr" => {
                    parsed.addr = args.next().ok_or("--addr takes an address")?;
                }
                _ => parsed.rest.push(arg),
            }
        }
        Ok(parsed)
    }

    /// The address as a URL for a client.
    pub fn url(&self) -> String {
        if self.addr.contains("://") {
            self.addr.clone()
        } else {
            format!("http://{}", self.addr)
        }
    }
}

/// Generates one release module: the stubs, the `Kept` aliases, the servers and the clients.
macro_rules! release {
    ($version:literal, $name:literal, $guard:literal) => {
        /// The contract guard of this release (`protocheck::build`): its fingerprint, the
        /// releases it knows, and the tonic interceptors the servers use.
        pub mod guard {
            include!(concat!(env!("OUT_DIR"), "/", $guard));
        }

        /// Messages and tonic stubs as prost and tonic generate them.
        pub mod pb {
            /// `meeting.core.v1`: meetings, participants, roles and the MeetingService.
            pub mod meeting {
                include!(concat!(
                    env!("OUT_DIR"),
                    "/",
                    $version,
                    "/api/meeting.core.v1.rs"
                ));
            }
            /// `whiteboard.sync.v1`: board ops and the WhiteboardSync service.
            pub mod whiteboard {
                include!(concat!(
                    env!("OUT_DIR"),
                    "/",
                    $version,
                    "/api/whiteboard.sync.v1.rs"
                ));
            }
        }

        /// The pass-through messages as plain prost structs: the typed view of a `Kept`.
        pub mod plain {
            /// `meeting.core.v1` without stubs.
            pub mod meeting {
                include!(concat!(
                    env!("OUT_DIR"),
                    "/",
                    $version,
                    "/plain/meeting.core.v1.rs"
                ));
            }
            /// `whiteboard.sync.v1` without stubs.
            pub mod whiteboard {
                include!(concat!(
                    env!("OUT_DIR"),
                    "/",
                    $version,
                    "/plain/whiteboard.sync.v1.rs"
                ));
            }
        }

        /// Meeting settings, stored and returned by the server as the host sent them.
        pub type KeptMeetingSettings = $crate::Kept<plain::meeting::MeetingSettings>;
        /// A whiteboard op, stored and relayed by the server as its author sent it.
        pub type KeptOp = $crate::Kept<plain::whiteboard::Op>;

        /// This release's contract as a descriptor pool (what `Kept` decodes with).
        pub fn descriptor_pool() -> &'static prost_reflect::DescriptorPool {
            static POOL: std::sync::OnceLock<prost_reflect::DescriptorPool> =
                std::sync::OnceLock::new();
            POOL.get_or_init(|| {
                prost_reflect::DescriptorPool::decode(
                    &include_bytes!(concat!(env!("OUT_DIR"), "/", $version, ".fds.bin"))[..],
                )
                .expect("build.rs wrote a valid descriptor set")
            })
        }

        fn message_descriptor(name: &str) -> prost_reflect::MessageDescriptor {
            descriptor_pool()
                .get_message_by_name(name)
                .unwrap_or_else(|| panic!("{name} is in the contract built by build.rs"))
        }

        impl $crate::Schema for plain::meeting::MeetingSettings {
            fn descriptor() -> prost_reflect::MessageDescriptor {
                message_descriptor("meeting.core.v1.MeetingSettings")
            }
        }

        impl $crate::Schema for plain::whiteboard::Op {
            fn descriptor() -> prost_reflect::MessageDescriptor {
                message_descriptor("whiteboard.sync.v1.Op")
            }
        }

        /// Serves this release's meeting-core and whiteboard-sync on `listener` until
        /// `shutdown` completes.
        pub async fn serve(
            listener: tokio::net::TcpListener,
            shutdown: impl std::future::Future<Output = ()> + Send,
        ) -> Result<(), tonic::transport::Error> {
            serve_some(listener, $crate::Services::Both, shutdown).await
        }

        /// Serves some of this release's services on `listener` until `shutdown` completes.
        pub async fn serve_some(
            listener: tokio::net::TcpListener,
            services: $crate::Services,
            shutdown: impl std::future::Future<Output = ()> + Send,
        ) -> Result<(), tonic::transport::Error> {
            use tonic::service::interceptor::InterceptedService;
            use $crate::Services;
            // Every service behind the contract guard: known-incompatible callers are
            // turned away before their messages are read.
            let meeting = matches!(services, Services::Both | Services::Meeting).then(|| {
                InterceptedService::new(
                    server::meeting::MeetingCore::default().into_service(),
                    guard::server,
                )
            });
            let whiteboard = matches!(services, Services::Both | Services::Whiteboard).then(|| {
                InterceptedService::new(
                    server::whiteboard::WhiteboardHub::default().into_service(),
                    guard::server,
                )
            });
            tonic::transport::Server::builder()
                .add_optional_service(meeting)
                .add_optional_service(whiteboard)
                .serve_with_incoming_shutdown(
                    tokio_stream::wrappers::TcpListenerStream::new(listener),
                    shutdown,
                )
                .await
        }

        /// The release's name, for messages.
        pub const RELEASE: &str = $name;

        /// The demo clients of this release.
        pub mod client {
            /// meeting-core.
            pub mod meeting {
                use super::super::pb::meeting as pb;
                include!("meeting_client.rs");
            }
            /// whiteboard-sync.
            pub mod whiteboard {
                use super::super::pb::whiteboard as pb;
                include!("whiteboard_client.rs");
            }
        }

        /// The servers of this release.
        pub mod server {
            /// meeting-core.
            pub mod meeting {
                use super::super::pb::meeting as pb;
                include!("meeting_server.rs");
            }
            /// whiteboard-sync.
            pub mod whiteboard {
                use super::super::pb::whiteboard as pb;
                include!("whiteboard_server.rs");
            }
        }
    };
}

/// The guard of the rejected breaking revision (`testdata/meeting/breaking/`): what a client
/// built from it would send. No stubs are built from that revision; its client is turned
/// away before any message is read.
pub mod breaking_guard {
    include!(concat!(env!("OUT_DIR"), "/breaking_contract_guard.rs"));
}

/// Release 1 of the contracts (`testdata/meeting/v1/`), the one still deployed.
pub mod v1 {
    release!("v1", "release 1", "v1_contract_guard.rs");

    /// What release 1 does with the fields only it has: nothing beyond the shared code.
    mod fields {
        use super::pb::meeting as pb;

        pub(super) fn on_join(_req: &pb::JoinMeetingRequest, _participant: &mut pb::Participant) {}

        pub(super) fn demo_settings() -> super::plain::meeting::MeetingSettings {
            super::plain::meeting::MeetingSettings {
                max_participants: 10,
                mute_on_entry: true,
                ..Default::default()
            }
        }

        pub(super) fn demo_join(_req: &mut pb::JoinMeetingRequest) {}

        pub(super) fn demo_ops() -> Vec<super::plain::whiteboard::Op> {
            use super::plain::whiteboard::{op::Kind, Op, Point, Stroke};
            vec![Op {
                op_id: "demo-1".into(),
                element_id: "stroke-1".into(),
                kind: Some(Kind::Stroke(Stroke {
                    points: vec![Point { x: 0.0, y: 0.0 }, Point { x: 10.0, y: 5.0 }],
                    color: "#1e88e5".into(),
                    width: 2.0,
                })),
                attributes: Default::default(),
            }]
        }
    }
}

/// Release 2 of the contracts (`proto/`), the current one.
pub mod v2 {
    release!("v2", "release 2", "contract_guard.rs");

    /// What release 2 does with the fields it added.
    mod fields {
        use super::pb::meeting as pb;

        /// Pronouns given at join time are shown on the participant.
        pub(super) fn on_join(req: &pb::JoinMeetingRequest, participant: &mut pb::Participant) {
            participant.pronouns = req.pronouns.clone();
        }

        pub(super) fn demo_settings() -> super::plain::meeting::MeetingSettings {
            super::plain::meeting::MeetingSettings {
                max_participants: 10,
                mute_on_entry: true,
                live_captions: true,
                caption_language: "de-CH".into(),
                ..Default::default()
            }
        }

        pub(super) fn demo_join(req: &mut pb::JoinMeetingRequest) {
            req.pronouns = Some("they/them".into());
        }

        pub(super) fn demo_ops() -> Vec<super::plain::whiteboard::Op> {
            use super::plain::whiteboard::{op::Kind, Op, Point, StickyNote, Stroke};
            vec![
                Op {
                    op_id: "demo-1".into(),
                    element_id: "stroke-1".into(),
                    kind: Some(Kind::Stroke(Stroke {
                        points: vec![Point { x: 0.0, y: 0.0 }, Point { x: 10.0, y: 5.0 }],
                        color: "#1e88e5".into(),
                        width: 2.0,
                        pressure: vec![0.4, 0.9],
                    })),
                    attributes: Default::default(),
                },
                Op {
                    op_id: "demo-2".into(),
                    element_id: "note-1".into(),
                    kind: Some(Kind::StickyNote(StickyNote {
                        origin: Some(Point { x: 20.0, y: 20.0 }),
                        content: "ship it".into(),
                        color: "#fff59d".into(),
                    })),
                    attributes: Default::default(),
                },
            ]
        }
    }
}

#[cfg(test)]
mod tests {
    use prost::Message;

    use super::{v1, v2};

    fn release_2_settings() -> v2::plain::meeting::MeetingSettings {
        v2::plain::meeting::MeetingSettings {
            max_participants: 12,
            live_captions: true,
            caption_language: "fr".into(),
            ..Default::default()
        }
    }

    /// Why `Kept` exists: a plain prost struct of release 1 erases release-2 fields.
    #[test]
    fn plain_prost_drops_unknown_fields_and_kept_does_not() {
        let bytes = release_2_settings().encode_to_vec();

        let plain = v1::plain::meeting::MeetingSettings::decode(&bytes[..]).unwrap();
        let through_plain =
            v2::plain::meeting::MeetingSettings::decode(&plain.encode_to_vec()[..]).unwrap();
        assert!(!through_plain.live_captions, "prost kept an unknown field?");

        let kept = v1::KeptMeetingSettings::decode(&bytes[..]).unwrap();
        assert_eq!(kept.get().unwrap().max_participants, 12);
        assert_eq!(kept.unknown_field_numbers(), vec![6, 7]);
        let through_kept =
            v2::plain::meeting::MeetingSettings::decode(&kept.encode_to_vec()[..]).unwrap();
        assert_eq!(through_kept, release_2_settings());
    }

    /// Unknown fields nested inside known ones survive too (a release-2 stroke's pressure
    /// inside an op that release 1 understands).
    #[test]
    fn kept_keeps_nested_unknown_fields() {
        use v2::plain::whiteboard::{op::Kind, Op, Stroke};
        let op = Op {
            op_id: "o-1".into(),
            kind: Some(Kind::Stroke(Stroke {
                pressure: vec![0.5],
                ..Default::default()
            })),
            ..Default::default()
        };
        let kept = v1::KeptOp::decode(&op.encode_to_vec()[..]).unwrap();
        assert!(
            kept.unknown_field_numbers().is_empty(),
            "pressure is nested"
        );
        assert!(matches!(
            kept.get().unwrap().kind,
            Some(v1::plain::whiteboard::op::Kind::Stroke(_))
        ));
        assert_eq!(Op::decode(&kept.encode_to_vec()[..]).unwrap(), op);
    }
}
