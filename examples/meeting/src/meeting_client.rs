// meeting-core, a demo client. Included once per release (see `release!` in lib.rs): it
// speaks that release's contract, and prints the fields it does not know but keeps.

use tokio_stream::StreamExt;
use tonic::transport::Channel;

use pb::meeting_event::Event;
use pb::meeting_service_client::MeetingServiceClient;

type Error = Box<dyn std::error::Error + Send + Sync>;

/// What the client does.
pub enum Command {
    /// Create a meeting, watch it, join two users, kick one, leave, print the result.
    Demo,
    /// Print one meeting.
    Get(String),
    /// Create a follow-up of a meeting with the same settings, as this release received them.
    Copy(String),
}

impl Command {
    /// Parses `demo`, `get MEETING_ID` or `copy MEETING_ID`.
    pub fn parse(args: &[String]) -> Result<Command, String> {
        match args {
            [] => Ok(Command::Demo),
            [cmd] if cmd == "demo" => Ok(Command::Demo),
            [cmd, id] if cmd == "get" => Ok(Command::Get(id.clone())),
            [cmd, id] if cmd == "copy" => Ok(Command::Copy(id.clone())),
            _ => Err("commands: demo | get MEETING_ID | copy MEETING_ID".into()),
        }
    }
}

/// Connects to `url` and runs `command`, printing what happens.
pub async fn run(url: String, command: Command) -> Result<(), Error> {
    let mut client = MeetingServiceClient::connect(url).await?;
    match command {
        Command::Demo => demo(&mut client).await,
        Command::Get(id) => {
            let meeting = get(&mut client, &id).await?;
            print_meeting(&meeting);
            Ok(())
        }
        Command::Copy(id) => {
            let original = get(&mut client, &id).await?;
            println!(
                "{} as {} sees it:",
                original.meeting_id,
                super::super::RELEASE
            );
            print_meeting(&original);
            let copy = client
                .create(pb::CreateMeetingRequest {
                    title: format!("{} (follow-up)", original.title),
                    host_user_id: original.host_user_id.clone(),
                    scheduled_start: None,
                    settings: original.settings,
                })
                .await?
                .into_inner()
                .meeting
                .ok_or("the server returned no meeting")?;
            println!("created {} with the same settings", copy.meeting_id);
            Ok(())
        }
    }
}

async fn get(client: &mut MeetingServiceClient<Channel>, id: &str) -> Result<pb::Meeting, Error> {
    Ok(client
        .get(pb::GetMeetingRequest {
            meeting_id: id.into(),
        })
        .await?
        .into_inner()
        .meeting
        .ok_or("the server returned no meeting")?)
}

fn print_meeting(meeting: &pb::Meeting) {
    println!(
        "  meeting {} {:?} ({:?})",
        meeting.meeting_id,
        meeting.title,
        meeting.state()
    );
    match &meeting.settings {
        Some(kept) => {
            match kept.get() {
                Ok(settings) => println!("  settings: {settings:?}"),
                Err(e) => println!("  settings: unreadable ({e})"),
            }
            let unknown = kept.unknown_field_numbers();
            if !unknown.is_empty() {
                println!(
                    "  settings fields unknown to {}, kept as received: {unknown:?}",
                    super::super::RELEASE
                );
            }
        }
        None => println!("  settings: defaults"),
    }
    for p in &meeting.participants {
        println!(
            "  participant {} {} ({:?})",
            p.participant_id,
            p.display_name,
            p.role()
        );
    }
}

async fn demo(client: &mut MeetingServiceClient<Channel>) -> Result<(), Error> {
    let settings = super::super::KeptMeetingSettings::new(&super::super::fields::demo_settings())?;
    let meeting = client
        .create(pb::CreateMeetingRequest {
            title: "Design review".into(),
            host_user_id: "u-ana".into(),
            scheduled_start: None,
            settings: Some(settings),
        })
        .await?
        .into_inner()
        .meeting
        .ok_or("the server returned no meeting")?;
    let id = meeting.meeting_id.clone();
    println!("Create -> {id}");

    let mut events = client
        .watch(pb::WatchMeetingRequest {
            meeting_id: id.clone(),
        })
        .await?
        .into_inner();
    let watcher = tokio::spawn(async move {
        // The snapshot, two joins, a kick and a leave.
        for _ in 0..5 {
            match events.next().await {
                Some(Ok(event)) => match event.event {
                    Some(Event::Snapshot(m)) => println!("  event: snapshot of {}", m.meeting_id),
                    Some(Event::ParticipantJoined(p)) => {
                        println!("  event: {} joined", p.display_name)
                    }
                    Some(Event::ParticipantLeft(l)) => {
                        println!("  event: {} left", l.participant_id)
                    }
                    Some(Event::ParticipantKicked(k)) => {
                        println!("  event: {} was kicked", k.participant_id)
                    }
                    None => println!("  event: a kind this release does not know"),
                },
                Some(Err(status)) => {
                    println!("  watch failed: {status}");
                    return;
                }
                None => return,
            }
        }
    });

    let mut participants = Vec::new();
    for (user, name) in [("u-ana", "Ana"), ("u-bo", "Bo")] {
        #[allow(clippy::needless_update)] // release 2 has more fields
        let mut request = pb::JoinMeetingRequest {
            meeting_id: id.clone(),
            user_id: user.into(),
            display_name: name.into(),
            passcode: String::new(),
            ..Default::default()
        };
        super::super::fields::demo_join(&mut request);
        let joined = client.join(request).await?.into_inner();
        let p = joined
            .participant
            .ok_or("the server returned no participant")?;
        println!("Join {name} -> {} as {:?}", p.participant_id, p.role());
        participants.push(p);
    }
    let (host, guest) = (&participants[0], &participants[1]);
    client
        .kick(pb::KickParticipantRequest {
            meeting_id: id.clone(),
            participant_id: guest.participant_id.clone(),
            requested_by_participant_id: host.participant_id.clone(),
            reason: "demo".into(),
        })
        .await?;
    println!("Kick {} -> ok", guest.display_name);
    client
        .leave(pb::LeaveMeetingRequest {
            meeting_id: id.clone(),
            participant_id: host.participant_id.clone(),
        })
        .await?;
    println!("Leave {} -> ok", host.display_name);
    let _ = tokio::time::timeout(std::time::Duration::from_secs(5), watcher).await;
    println!("Get {id}:");
    print_meeting(&get(client, &id).await?);
    Ok(())
}
