//! The compatible evolution, proven live: release-1 and release-2 clients and servers of the
//! meeting platform talk to each other over real gRPC on 127.0.0.1, every RPC of both services
//! succeeds in both directions, and the fields one side does not know survive a round trip
//! through it. The same pair of contracts is what protocheck calls compatible in every
//! category; the rejected revision in `testdata/meeting/breaking` is what it must reject.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::Parser;
use meeting_demo::{v1, v2};
use tokio::sync::oneshot;
use tokio_stream::StreamExt;
use tonic::transport::Channel;
use tonic::Streaming;

/// Generous bound for one step; the whole test runs in well under a second.
const STEP: Duration = Duration::from_secs(10);

type Error = Box<dyn std::error::Error>;

/// A running server of one release; stops when dropped.
struct Running {
    addr: SocketAddr,
    _stop: oneshot::Sender<()>,
}

impl Running {
    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

async fn start(release: &str) -> Result<Running, Error> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let (stop, stopped) = oneshot::channel::<()>();
    let shutdown = async {
        let _ = stopped.await;
    };
    match release {
        "v1" => tokio::spawn(v1::serve(listener, shutdown)),
        _ => tokio::spawn(v2::serve(listener, shutdown)),
    };
    Ok(Running { addr, _stop: stop })
}

async fn next<T>(stream: &mut Streaming<T>) -> Result<T, Error> {
    match tokio::time::timeout(STEP, stream.next()).await? {
        Some(item) => Ok(item?),
        None => Err("stream ended early".into()),
    }
}

// ---------------------------------------------------------------------------------------------
// Release-2 helpers: what the new app does.

mod new_app {
    use super::*;
    use v2::pb::meeting as pb;
    use v2::pb::meeting::meeting_service_client::MeetingServiceClient;
    use v2::pb::whiteboard as wb;
    use v2::pb::whiteboard::whiteboard_sync_client::WhiteboardSyncClient;
    use v2::plain;

    pub type Meetings = MeetingServiceClient<Channel>;
    pub type Boards = WhiteboardSyncClient<Channel>;

    pub fn settings() -> Result<v2::KeptMeetingSettings, Error> {
        Ok(v2::KeptMeetingSettings::new(
            &plain::meeting::MeetingSettings {
                max_participants: 10,
                waiting_room: false,
                mute_on_entry: true,
                max_duration: Some(prost_types::Duration {
                    seconds: 3600,
                    nanos: 0,
                }),
                passcode: String::new(),
                live_captions: true,
                caption_language: "de-CH".into(),
            },
        )?)
    }

    pub fn typed_settings(meeting: &pb::Meeting) -> Result<plain::meeting::MeetingSettings, Error> {
        Ok(meeting.settings.as_ref().ok_or("no settings")?.get()?)
    }

    pub async fn create(client: &mut Meetings, title: &str) -> Result<pb::Meeting, Error> {
        let created = client
            .create(pb::CreateMeetingRequest {
                title: title.into(),
                host_user_id: "u-ana".into(),
                scheduled_start: None,
                settings: Some(settings()?),
            })
            .await?
            .into_inner();
        Ok(created.meeting.ok_or("no meeting")?)
    }

    /// A stroke with pen pressure and a sticky note: both only exist in release 2.
    pub fn ops() -> Result<Vec<v2::KeptOp>, Error> {
        use plain::whiteboard::{op::Kind, Op, Point, StickyNote, Stroke};
        let stroke = Op {
            op_id: "ana-1".into(),
            element_id: "el-stroke".into(),
            kind: Some(Kind::Stroke(Stroke {
                points: vec![Point { x: 1.0, y: 2.0 }, Point { x: 3.0, y: 5.0 }],
                color: "#1e88e5".into(),
                width: 2.5,
                pressure: vec![0.25, 0.75],
            })),
            attributes: [("layer".to_string(), "ink".to_string())].into(),
        };
        let sticky = Op {
            op_id: "ana-2".into(),
            element_id: "el-sticky".into(),
            kind: Some(Kind::StickyNote(StickyNote {
                origin: Some(Point { x: 40.0, y: 40.0 }),
                content: "ship it".into(),
                color: "#fff59d".into(),
            })),
            attributes: Default::default(),
        };
        Ok(vec![v2::KeptOp::new(&stroke)?, v2::KeptOp::new(&sticky)?])
    }

    /// Checks that `ops` are exactly what `ops()` drew, release-2 fields included.
    pub fn assert_release_2_ops(ops: &[wb::SequencedOp]) -> Result<(), Error> {
        use plain::whiteboard::op::Kind;
        assert_eq!(ops.len(), 2, "{ops:?}");
        let first = ops[0].op.as_ref().ok_or("no op")?.get()?;
        match first.kind {
            Some(Kind::Stroke(stroke)) => assert_eq!(stroke.pressure, vec![0.25, 0.75]),
            other => panic!("expected the stroke, got {other:?}"),
        }
        assert_eq!(
            first.attributes.get("layer").map(String::as_str),
            Some("ink")
        );
        let second = ops[1].op.as_ref().ok_or("no op")?.get()?;
        match second.kind {
            Some(Kind::StickyNote(note)) => assert_eq!(note.content, "ship it"),
            other => panic!("expected the sticky note, got {other:?}"),
        }
        for (want, op) in ops.iter().enumerate() {
            assert_eq!(op.seq, want as u64 + 1);
        }
        Ok(())
    }

    pub fn hello(board_id: &str, user_id: &str) -> wb::SyncRequest {
        wb::SyncRequest {
            message: Some(wb::sync_request::Message::Hello(wb::Hello {
                board_id: board_id.into(),
                user_id: user_id.into(),
                since_seq: 0,
            })),
        }
    }

    pub fn op(op: v2::KeptOp) -> wb::SyncRequest {
        wb::SyncRequest {
            message: Some(wb::sync_request::Message::Op(op)),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Release-1 helpers: what the old app, still installed on many devices, does.

mod old_app {
    use super::*;
    use v1::pb::meeting::meeting_service_client::MeetingServiceClient;
    use v1::pb::whiteboard as wb;
    use v1::pb::whiteboard::whiteboard_sync_client::WhiteboardSyncClient;

    pub type Meetings = MeetingServiceClient<Channel>;
    pub type Boards = WhiteboardSyncClient<Channel>;

    pub fn hello(board_id: &str, user_id: &str) -> wb::SyncRequest {
        wb::SyncRequest {
            message: Some(wb::sync_request::Message::Hello(wb::Hello {
                board_id: board_id.into(),
                user_id: user_id.into(),
                since_seq: 0,
            })),
        }
    }

    pub fn op(op: v1::KeptOp) -> wb::SyncRequest {
        wb::SyncRequest {
            message: Some(wb::sync_request::Message::Op(op)),
        }
    }
}

// ---------------------------------------------------------------------------------------------

/// An old (release-1) client against a new (release-2) server.
#[tokio::test]
async fn release_1_client_calls_release_2_server() -> Result<(), Error> {
    use v1::pb::meeting as pb1;
    use v1::pb::meeting::meeting_event::Event;
    use v1::pb::whiteboard as wb1;

    let server = start("v2").await?;
    let mut new_meetings = new_app::Meetings::connect(server.url()).await?;
    let mut old_meetings = old_app::Meetings::connect(server.url()).await?;

    // A new client schedules a meeting with release-2 settings (live captions in German).
    let template = new_app::create(&mut new_meetings, "Design review").await?;

    // Get: the old client reads it; the caption settings are unknown to it, yet kept.
    let got = old_meetings
        .get(pb1::GetMeetingRequest {
            meeting_id: template.meeting_id.clone(),
        })
        .await?
        .into_inner()
        .meeting
        .ok_or("no meeting")?;
    assert_eq!(got.title, "Design review");
    let settings = got.settings.clone().ok_or("no settings")?;
    assert_eq!(settings.get()?.max_participants, 10);
    assert_eq!(
        settings.unknown_field_numbers(),
        vec![6, 7],
        "live_captions and caption_language are unknown to release 1"
    );

    // Create: the old client schedules a follow-up "with the same settings" it never
    // understood...
    let follow_up = old_meetings
        .create(pb1::CreateMeetingRequest {
            title: "Design review, part 2".into(),
            host_user_id: "u-ana".into(),
            scheduled_start: Some(prost_types::Timestamp {
                seconds: 1_900_000_000,
                nanos: 0,
            }),
            settings: Some(settings),
        })
        .await?
        .into_inner()
        .meeting
        .ok_or("no meeting")?;
    // ...and the new server sees every release-2 setting intact.
    let seen_by_new = new_meetings
        .get(v2::pb::meeting::GetMeetingRequest {
            meeting_id: follow_up.meeting_id.clone(),
        })
        .await?
        .into_inner()
        .meeting
        .ok_or("no meeting")?;
    let settings = new_app::typed_settings(&seen_by_new)?;
    assert!(settings.live_captions);
    assert_eq!(settings.caption_language, "de-CH");
    assert_eq!(settings.max_participants, 10);

    // Watch, Join, Kick, Leave, all from the old client.
    let mut events = old_meetings
        .watch(pb1::WatchMeetingRequest {
            meeting_id: follow_up.meeting_id.clone(),
        })
        .await?
        .into_inner();
    match next(&mut events).await?.event {
        Some(Event::Snapshot(m)) => assert_eq!(m.meeting_id, follow_up.meeting_id),
        other => panic!("expected the snapshot first, got {other:?}"),
    }
    let join = |user: &str| pb1::JoinMeetingRequest {
        meeting_id: follow_up.meeting_id.clone(),
        user_id: user.into(),
        display_name: user.trim_start_matches("u-").into(),
        passcode: String::new(),
    };
    let host = old_meetings
        .join(join("u-ana"))
        .await?
        .into_inner()
        .participant
        .ok_or("no participant")?;
    assert_eq!(host.role(), pb1::Role::Host);
    let guest = old_meetings
        .join(join("u-bo"))
        .await?
        .into_inner()
        .participant
        .ok_or("no participant")?;
    assert_eq!(guest.role(), pb1::Role::Attendee);
    let removed = old_meetings
        .kick(pb1::KickParticipantRequest {
            meeting_id: follow_up.meeting_id.clone(),
            participant_id: guest.participant_id.clone(),
            requested_by_participant_id: host.participant_id.clone(),
            reason: "wrong meeting".into(),
        })
        .await?
        .into_inner()
        .removed
        .ok_or("no participant")?;
    assert_eq!(removed.user_id, "u-bo");
    old_meetings
        .leave(pb1::LeaveMeetingRequest {
            meeting_id: follow_up.meeting_id.clone(),
            participant_id: host.participant_id.clone(),
        })
        .await?;
    let mut kinds = Vec::new();
    for _ in 0..4 {
        kinds.push(match next(&mut events).await?.event {
            Some(Event::ParticipantJoined(p)) => format!("joined {}", p.user_id),
            Some(Event::ParticipantKicked(k)) => format!("kicked {}", k.participant_id),
            Some(Event::ParticipantLeft(l)) => format!("left {}", l.participant_id),
            other => format!("{other:?}"),
        });
    }
    assert_eq!(
        kinds,
        [
            "joined u-ana".to_string(),
            "joined u-bo".to_string(),
            format!("kicked {}", guest.participant_id),
            format!("left {}", host.participant_id),
        ]
    );

    // Whiteboard: a new client draws release-2 ops on a board.
    let mut new_boards = new_app::Boards::connect(server.url()).await?;
    let mut old_boards = old_app::Boards::connect(server.url()).await?;
    let (tx, rx) = tokio::sync::mpsc::channel(8);
    tx.send(new_app::hello("mtg/main", "u-ana")).await?;
    for op in new_app::ops()? {
        tx.send(new_app::op(op)).await?;
    }
    let mut answers = new_boards
        .sync(tokio_stream::wrappers::ReceiverStream::new(rx))
        .await?
        .into_inner();
    for _ in 0..3 {
        next(&mut answers).await?; // Welcome, Ack, Ack
    }
    drop(tx);

    // Sync: the old client opens the board and gets the ops replayed over the stream.
    let (old_tx, old_rx) = tokio::sync::mpsc::channel(8);
    old_tx.send(old_app::hello("mtg/main", "u-bo")).await?;
    let mut old_answers = old_boards
        .sync(tokio_stream::wrappers::ReceiverStream::new(old_rx))
        .await?
        .into_inner();
    match next(&mut old_answers).await?.message {
        Some(wb1::sync_response::Message::Welcome(w)) => assert_eq!(w.head_seq, 2),
        other => panic!("expected a Welcome, got {other:?}"),
    }
    let mut replayed = Vec::new();
    for _ in 0..2 {
        match next(&mut old_answers).await?.message {
            Some(wb1::sync_response::Message::Op(op)) => replayed.push(op),
            other => panic!("expected a replayed op, got {other:?}"),
        }
    }
    // The sticky note is an op kind release 1 does not know: no kind, but field 15 kept.
    let sticky = replayed[1].op.clone().ok_or("no op")?;
    assert_eq!(sticky.get()?.kind, None);
    assert_eq!(sticky.unknown_field_numbers(), vec![15]);
    drop(old_tx);

    // GetSnapshot from the old client, then it copies the board op by op through Sync.
    let snapshot = old_boards
        .get_snapshot(wb1::GetSnapshotRequest {
            board_id: "mtg/main".into(),
        })
        .await?
        .into_inner();
    assert_eq!(snapshot.ops.len(), 2);
    let (copy_tx, copy_rx) = tokio::sync::mpsc::channel(8);
    copy_tx.send(old_app::hello("mtg/copy", "u-bo")).await?;
    for sequenced in snapshot.ops {
        copy_tx
            .send(old_app::op(sequenced.op.ok_or("no op")?))
            .await?;
    }
    let mut copy_answers = old_boards
        .sync(tokio_stream::wrappers::ReceiverStream::new(copy_rx))
        .await?
        .into_inner();
    for _ in 0..3 {
        next(&mut copy_answers).await?; // Welcome, Ack, Ack
    }
    drop(copy_tx);

    // The copy, read by a new client: pressure and sticky note survived the old client.
    let copy = new_boards
        .get_snapshot(v2::pb::whiteboard::GetSnapshotRequest {
            board_id: "mtg/copy".into(),
        })
        .await?
        .into_inner();
    new_app::assert_release_2_ops(&copy.ops)?;
    Ok(())
}

/// A new (release-2) client against an old (release-1) server.
#[tokio::test]
async fn release_2_client_calls_release_1_server() -> Result<(), Error> {
    use v2::pb::meeting as pb2;
    use v2::pb::meeting::meeting_event::Event;
    use v2::pb::whiteboard as wb2;

    let server = start("v1").await?;
    let mut meetings = new_app::Meetings::connect(server.url()).await?;

    // Create: release-2 settings go to a server that does not know captions...
    let created = new_app::create(&mut meetings, "Weekly sync").await?;
    assert!(new_app::typed_settings(&created)?.live_captions);
    // ...Get: and come back intact.
    let got = meetings
        .get(pb2::GetMeetingRequest {
            meeting_id: created.meeting_id.clone(),
        })
        .await?
        .into_inner()
        .meeting
        .ok_or("no meeting")?;
    let settings = new_app::typed_settings(&got)?;
    assert!(settings.live_captions);
    assert_eq!(settings.caption_language, "de-CH");
    assert!(settings.mute_on_entry);

    // Watch, Join (with release-2 pronouns), Kick, Leave.
    let mut events = meetings
        .watch(pb2::WatchMeetingRequest {
            meeting_id: created.meeting_id.clone(),
        })
        .await?
        .into_inner();
    match next(&mut events).await?.event {
        Some(Event::Snapshot(m)) => assert_eq!(m.title, "Weekly sync"),
        other => panic!("expected the snapshot first, got {other:?}"),
    }
    let join = |user: &str| pb2::JoinMeetingRequest {
        meeting_id: created.meeting_id.clone(),
        user_id: user.into(),
        display_name: String::new(),
        passcode: String::new(),
        pronouns: Some("she/her".into()),
    };
    let joined = meetings.join(join("u-ana")).await?.into_inner();
    let host = joined.participant.ok_or("no participant")?;
    assert_eq!(host.role(), pb2::Role::Host);
    assert_eq!(host.display_name, "u-ana");
    // A release-1 server builds participants itself and has never heard of pronouns: the
    // join succeeds and the optional field is simply absent, not an empty string.
    assert_eq!(host.pronouns, None);
    let guest = meetings
        .join(join("u-bo"))
        .await?
        .into_inner()
        .participant
        .ok_or("no participant")?;
    let kicked = meetings
        .kick(pb2::KickParticipantRequest {
            meeting_id: created.meeting_id.clone(),
            participant_id: guest.participant_id.clone(),
            requested_by_participant_id: host.participant_id.clone(),
            reason: String::new(),
        })
        .await?
        .into_inner();
    assert_eq!(
        kicked.removed.ok_or("no participant")?.participant_id,
        guest.participant_id
    );
    // Kicking is for hosts: the server's rules still hold for a newer client.
    let refused = meetings
        .kick(pb2::KickParticipantRequest {
            meeting_id: created.meeting_id.clone(),
            participant_id: host.participant_id.clone(),
            requested_by_participant_id: host.participant_id.clone(),
            reason: String::new(),
        })
        .await
        .expect_err("the host cannot be kicked");
    assert_eq!(refused.code(), tonic::Code::PermissionDenied);
    // So does max_duration: a meeting whose time is up refuses joins.
    let mut expired = new_app::settings()?.get()?;
    expired.max_duration = Some(prost_types::Duration {
        seconds: 0,
        nanos: 0,
    });
    let over = meetings
        .create(pb2::CreateMeetingRequest {
            title: "Already over".into(),
            host_user_id: "u-ana".into(),
            scheduled_start: None,
            settings: Some(v2::KeptMeetingSettings::new(&expired)?),
        })
        .await?
        .into_inner()
        .meeting
        .ok_or("no meeting")?;
    let mut late = join("u-ana");
    late.meeting_id = over.meeting_id;
    let refused = meetings.join(late).await.expect_err("the meeting is over");
    assert_eq!(refused.code(), tonic::Code::FailedPrecondition);
    meetings
        .leave(pb2::LeaveMeetingRequest {
            meeting_id: created.meeting_id.clone(),
            participant_id: host.participant_id.clone(),
        })
        .await?;
    let mut seen = Vec::new();
    for _ in 0..4 {
        seen.push(match next(&mut events).await?.event {
            Some(Event::ParticipantJoined(_)) => "joined",
            Some(Event::ParticipantKicked(_)) => "kicked",
            Some(Event::ParticipantLeft(_)) => "left",
            _ => "other",
        });
    }
    assert_eq!(seen, ["joined", "joined", "kicked", "left"]);

    // Whiteboard: two new clients on one board, relayed by the old server.
    let mut boards = new_app::Boards::connect(server.url()).await?;
    let (watch_tx, watch_rx) = tokio::sync::mpsc::channel(8);
    watch_tx.send(new_app::hello("weekly/main", "u-bo")).await?;
    let mut watcher = boards
        .sync(tokio_stream::wrappers::ReceiverStream::new(watch_rx))
        .await?
        .into_inner();
    match next(&mut watcher).await?.message {
        Some(wb2::sync_response::Message::Welcome(w)) => assert_eq!(w.head_seq, 0),
        other => panic!("expected a Welcome, got {other:?}"),
    }
    let (draw_tx, draw_rx) = tokio::sync::mpsc::channel(8);
    draw_tx.send(new_app::hello("weekly/main", "u-ana")).await?;
    for op in new_app::ops()? {
        draw_tx.send(new_app::op(op)).await?;
    }
    let mut drawer = boards
        .sync(tokio_stream::wrappers::ReceiverStream::new(draw_rx))
        .await?
        .into_inner();
    let mut acks = Vec::new();
    for _ in 0..3 {
        if let Some(wb2::sync_response::Message::Ack(ack)) = next(&mut drawer).await?.message {
            acks.push((ack.op_id, ack.seq));
        }
    }
    assert_eq!(acks, [("ana-1".to_string(), 1), ("ana-2".to_string(), 2)]);
    // Sync: the other client receives the ops live, release-2 content intact.
    let mut relayed = Vec::new();
    for _ in 0..2 {
        match next(&mut watcher).await?.message {
            Some(wb2::sync_response::Message::Op(op)) => {
                assert_eq!(op.author_user_id, "u-ana");
                relayed.push(op);
            }
            other => panic!("expected a relayed op, got {other:?}"),
        }
    }
    new_app::assert_release_2_ops(&relayed)?;
    drop((draw_tx, watch_tx));
    // GetSnapshot: the stored board, release-2 content intact.
    let snapshot = boards
        .get_snapshot(wb2::GetSnapshotRequest {
            board_id: "weekly/main".into(),
        })
        .await?
        .into_inner();
    new_app::assert_release_2_ops(&snapshot.ops)?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The contract guard (protocheck::build): servers accept callers of compatible releases and
// turn away a caller of a release known to be incompatible, before reading its messages.

/// A channel to `server`, for clients with an interceptor.
async fn channel(server: &Running) -> Result<Channel, Error> {
    Ok(Channel::from_shared(server.url())?.connect().await?)
}

#[tokio::test]
async fn the_guard_accepts_compatible_releases_and_rejects_the_breaking_revision(
) -> Result<(), Error> {
    use v1::pb::meeting::meeting_service_client::MeetingServiceClient as OldClient;
    use v2::pb::meeting::meeting_service_client::MeetingServiceClient as NewClient;

    // The build knows release 1 as compatible both ways and the breaking revision as not.
    assert_ne!(v1::guard::FINGERPRINT, v2::guard::FINGERPRINT);
    assert_ne!(
        meeting_demo::breaking_guard::FINGERPRINT,
        v2::guard::FINGERPRINT
    );
    assert_eq!(
        v2::guard::verdict(Some(v1::guard::FINGERPRINT)),
        v2::guard::Verdict::Compatible(&v2::guard::RELEASES[0])
    );
    assert!(matches!(
        v2::guard::verdict(Some(meeting_demo::breaking_guard::FINGERPRINT)),
        v2::guard::Verdict::Incompatible(r) if r.name == "breaking" && !r.backward && !r.forward
    ));

    let server = start("v2").await?;
    // A release-2 client: accepted.
    let mut new_client = NewClient::with_interceptor(channel(&server).await?, v2::guard::client);
    let created = tokio::time::timeout(
        STEP,
        new_client.create(v2::pb::meeting::CreateMeetingRequest {
            title: "guarded".into(),
            host_user_id: "u-ana".into(),
            scheduled_start: None,
            settings: Some(new_app::settings()?),
        }),
    )
    .await??
    .into_inner()
    .meeting
    .ok_or("no meeting")?;

    // A release-1 client: accepted, and served.
    let mut old_client = OldClient::with_interceptor(channel(&server).await?, v1::guard::client);
    let got = tokio::time::timeout(
        STEP,
        old_client.get(v1::pb::meeting::GetMeetingRequest {
            meeting_id: created.meeting_id.clone(),
        }),
    )
    .await??
    .into_inner();
    assert_eq!(got.meeting.ok_or("no meeting")?.title, "guarded");

    // A client of the breaking revision: turned away with the guard's status, naming both
    // releases, before the server reads its request.
    let mut breaking_client = NewClient::with_interceptor(
        channel(&server).await?,
        meeting_demo::breaking_guard::client,
    );
    let refused = tokio::time::timeout(
        STEP,
        breaking_client.get(v2::pb::meeting::GetMeetingRequest {
            meeting_id: created.meeting_id.clone(),
        }),
    )
    .await?
    .expect_err("the breaking revision is rejected");
    assert_eq!(
        refused.code(),
        tonic::Code::FailedPrecondition,
        "{refused:?}"
    );
    assert!(
        refused.message().contains("release breaking"),
        "{}",
        refused.message()
    );
    assert!(
        refused.message().contains("release 2"),
        "{}",
        refused.message()
    );

    // A release-1 server does not know release 2: it logs the caller and serves it.
    let old_server = start("v1").await?;
    let mut new_client =
        NewClient::with_interceptor(channel(&old_server).await?, v2::guard::client);
    let missing = tokio::time::timeout(
        STEP,
        new_client.get(v2::pb::meeting::GetMeetingRequest {
            meeting_id: "nope".into(),
        }),
    )
    .await?
    .expect_err("no such meeting");
    assert_eq!(missing.code(), tonic::Code::NotFound, "{missing:?}");
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// What protocheck says about the same contracts.

fn repo(rel: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(rel)
        .to_string_lossy()
        .into_owned()
}

/// Runs `protocheck diff OLD NEW --category CATEGORY --format json` through the library and
/// returns the exit code and the sorted rule ids of the findings.
fn protocheck(old: &str, new: &str, category: &str) -> (u8, Vec<String>) {
    let (old, new) = (repo(old), repo(new));
    let cli = protocheck::cli::Cli::try_parse_from([
        "protocheck",
        "diff",
        &old,
        &new,
        "--category",
        category,
        "--format",
        "json",
    ])
    .expect("valid arguments");
    let protocheck::cli::Command::Diff(args) = cli.command else {
        panic!("parsed as diff");
    };
    let outcome = protocheck::commands::diff::run(&args)
        .unwrap_or_else(|e| panic!("protocheck diff {old} {new} failed: {e}"));
    let doc: serde_json::Value = serde_json::from_str(&outcome.stdout).expect("JSON output");
    let mut rules: Vec<String> = doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["rule"].as_str().expect("rule id").to_owned())
        .collect();
    rules.sort();
    (outcome.exit_code, rules)
}

/// The pair the live tests run is compatible by protocheck's verdict too, in every category.
#[test]
fn protocheck_finds_nothing_breaking_between_release_1_and_2() {
    for category in ["WIRE", "WIRE_JSON", "PACKAGE", "FILE"] {
        let (code, rules) = protocheck("testdata/meeting/v1", "proto", category);
        assert_eq!((code, rules), (0, vec![]), "{category}");
    }
}

/// The rejected revision breaks release-2 clients, and protocheck names every break. The
/// expected ids are buf 1.75's for the same pair (`buf breaking` with `use: [CATEGORY]`).
#[test]
fn protocheck_rejects_the_breaking_revision() {
    let expected: [(&str, &[&str]); 4] = [
        (
            "WIRE",
            &[
                "ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED",
                "FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED",
                "FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED",
                "FIELD_WIRE_COMPATIBLE_TYPE",
                "FIELD_WIRE_COMPATIBLE_TYPE",
                "RPC_SAME_RESPONSE_TYPE",
            ],
        ),
        (
            "WIRE_JSON",
            &[
                "ENUM_VALUE_NO_DELETE_UNLESS_NAME_RESERVED",
                "ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED",
                "FIELD_NO_DELETE_UNLESS_NAME_RESERVED",
                "FIELD_NO_DELETE_UNLESS_NAME_RESERVED",
                "FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED",
                "FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED",
                "FIELD_WIRE_JSON_COMPATIBLE_TYPE",
                "FIELD_WIRE_JSON_COMPATIBLE_TYPE",
                "RPC_SAME_RESPONSE_TYPE",
            ],
        ),
        (
            "PACKAGE",
            &[
                "ENUM_VALUE_NO_DELETE",
                "FIELD_NO_DELETE",
                "FIELD_NO_DELETE",
                "FIELD_SAME_CARDINALITY",
                "FIELD_SAME_TYPE",
                "FIELD_SAME_TYPE",
                "PACKAGE_MESSAGE_NO_DELETE",
                "RPC_SAME_RESPONSE_TYPE",
            ],
        ),
        (
            "FILE",
            &[
                "ENUM_VALUE_NO_DELETE",
                "FIELD_NO_DELETE",
                "FIELD_NO_DELETE",
                "FIELD_SAME_CARDINALITY",
                "FIELD_SAME_TYPE",
                "FIELD_SAME_TYPE",
                "MESSAGE_NO_DELETE",
                "RPC_SAME_RESPONSE_TYPE",
            ],
        ),
    ];
    let mut wrong = Vec::new();
    for (category, rules) in expected {
        let want: Vec<String> = rules.iter().map(|r| r.to_string()).collect();
        let got = protocheck("proto", "testdata/meeting/breaking", category);
        if got != (1, want.clone()) {
            wrong.push(format!(
                "{category}: expected exit 1 with {want:?}, got exit {} with {:?}",
                got.0, got.1
            ));
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}
