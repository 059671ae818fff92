// meeting-core, the server. Included once per release (see `release!` in lib.rs): `pb` is
// that release's generated code, so a release-1 server knows only release-1 fields. The
// release-specific parts are in the release's `fields` module.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use tokio::sync::mpsc;
use tokio_stream::wrappers::ReceiverStream;
use tonic::{Request, Response, Status};

use pb::meeting_event::Event;
use pb::meeting_service_server::{MeetingService, MeetingServiceServer};

/// Participants allowed when the settings say 0.
pub const DEFAULT_MAX_PARTICIPANTS: usize = 100;
/// Events a slow watcher may lag behind before it is dropped.
const WATCH_BUFFER: usize = 256;

type EventSender = mpsc::Sender<Result<pb::MeetingEvent, Status>>;

/// The meeting-core service, keeping meetings in memory.
#[derive(Clone, Default)]
pub struct MeetingCore {
    state: Arc<Mutex<State>>,
}

#[derive(Default)]
struct State {
    meetings_created: u64,
    participants_joined: u64,
    meetings: HashMap<String, Entry>,
}

struct Entry {
    meeting: pb::Meeting,
    watchers: Vec<EventSender>,
}

impl Entry {
    /// Sends an event to every watcher, dropping those that went away or fell too far behind.
    fn publish(&mut self, event: Event) {
        let event = pb::MeetingEvent {
            meeting_id: self.meeting.meeting_id.clone(),
            at: Some(now()),
            event: Some(event),
        };
        self.watchers
            .retain(|tx| tx.try_send(Ok(event.clone())).is_ok());
    }

    fn participant(&self, participant_id: &str) -> Result<&pb::Participant, Status> {
        self.meeting
            .participants
            .iter()
            .find(|p| p.participant_id == participant_id)
            .ok_or_else(|| {
                Status::not_found(format!(
                    "no participant {participant_id:?} in meeting {:?}",
                    self.meeting.meeting_id
                ))
            })
    }

    fn remove(&mut self, participant_id: &str) -> Result<pb::Participant, Status> {
        self.participant(participant_id)?;
        let at = self
            .meeting
            .participants
            .iter()
            .position(|p| p.participant_id == participant_id)
            .ok_or_else(|| Status::internal("participant vanished"))?;
        Ok(self.meeting.participants.remove(at))
    }
}

impl MeetingCore {
    /// The tonic service, ready for `Server::builder().add_service(..)`.
    pub fn into_service(self) -> MeetingServiceServer<MeetingCore> {
        MeetingServiceServer::new(self)
    }

    fn lock(&self) -> Result<MutexGuard<'_, State>, Status> {
        self.state
            .lock()
            .map_err(|_| Status::internal("meeting state is poisoned"))
    }
}

impl State {
    fn entry(&mut self, meeting_id: &str) -> Result<&mut Entry, Status> {
        self.meetings
            .get_mut(meeting_id)
            .ok_or_else(|| Status::not_found(format!("no meeting {meeting_id:?}")))
    }

    fn next_meeting_id(&mut self) -> String {
        self.meetings_created += 1;
        format!("mtg-{}", self.meetings_created)
    }

    fn next_participant_id(&mut self) -> String {
        self.participants_joined += 1;
        format!("p-{}", self.participants_joined)
    }
}

fn now() -> prost_types::Timestamp {
    prost_types::Timestamp::from(std::time::SystemTime::now())
}

fn required(value: &str, what: &str) -> Result<(), Status> {
    if value.trim().is_empty() {
        Err(Status::invalid_argument(format!("{what} is required")))
    } else {
        Ok(())
    }
}

#[tonic::async_trait]
impl MeetingService for MeetingCore {
    async fn create(
        &self,
        request: Request<pb::CreateMeetingRequest>,
    ) -> Result<Response<pb::CreateMeetingResponse>, Status> {
        let req = request.into_inner();
        required(&req.title, "title")?;
        required(&req.host_user_id, "host_user_id")?;
        if req.title.chars().count() > 200 {
            return Err(Status::invalid_argument(
                "title is longer than 200 characters",
            ));
        }
        let mut state = self.lock()?;
        let meeting = pb::Meeting {
            meeting_id: state.next_meeting_id(),
            title: req.title,
            host_user_id: req.host_user_id,
            scheduled_start: req.scheduled_start,
            created_at: Some(now()),
            // Stored as sent, fields this release does not know included.
            settings: req.settings,
            participants: Vec::new(),
            state: pb::MeetingState::Scheduled.into(),
        };
        state.meetings.insert(
            meeting.meeting_id.clone(),
            Entry {
                meeting: meeting.clone(),
                watchers: Vec::new(),
            },
        );
        Ok(Response::new(pb::CreateMeetingResponse {
            meeting: Some(meeting),
        }))
    }

    async fn get(
        &self,
        request: Request<pb::GetMeetingRequest>,
    ) -> Result<Response<pb::GetMeetingResponse>, Status> {
        let req = request.into_inner();
        let mut state = self.lock()?;
        let meeting = state.entry(&req.meeting_id)?.meeting.clone();
        Ok(Response::new(pb::GetMeetingResponse {
            meeting: Some(meeting),
        }))
    }

    async fn join(
        &self,
        request: Request<pb::JoinMeetingRequest>,
    ) -> Result<Response<pb::JoinMeetingResponse>, Status> {
        let req = request.into_inner();
        required(&req.user_id, "user_id")?;
        let mut state = self.lock()?;
        let participant_id = state.next_participant_id();
        let entry = state.entry(&req.meeting_id)?;
        let settings = match &entry.meeting.settings {
            Some(kept) => kept
                .get()
                .map_err(|e| Status::internal(format!("stored settings: {e}")))?,
            None => Default::default(),
        };
        if let (Some(limit), Some(created)) = (&settings.max_duration, &entry.meeting.created_at) {
            if now().seconds >= created.seconds.saturating_add(limit.seconds) {
                entry.meeting.state = pb::MeetingState::Ended.into();
            }
        }
        let meeting = &entry.meeting;
        if meeting.state == i32::from(pb::MeetingState::Ended) {
            return Err(Status::failed_precondition("the meeting has ended"));
        }
        if !settings.passcode.is_empty() && settings.passcode != req.passcode {
            return Err(Status::permission_denied("wrong passcode"));
        }
        let max = usize::try_from(settings.max_participants)
            .ok()
            .filter(|m| *m > 0)
            .unwrap_or(DEFAULT_MAX_PARTICIPANTS);
        if meeting.participants.len() >= max {
            return Err(Status::failed_precondition(format!(
                "the meeting is full ({max} participants)"
            )));
        }
        let role = if req.user_id == meeting.host_user_id {
            pb::Role::Host
        } else {
            pb::Role::Attendee
        };
        let display_name = if req.display_name.trim().is_empty() {
            req.user_id.clone()
        } else {
            req.display_name.clone()
        };
        #[allow(clippy::needless_update)] // release 2 has more fields
        let mut participant = pb::Participant {
            participant_id,
            user_id: req.user_id.clone(),
            display_name,
            role: role.into(),
            joined_at: Some(now()),
            ..Default::default()
        };
        super::super::fields::on_join(&req, &mut participant);
        entry.meeting.participants.push(participant.clone());
        entry.meeting.state = pb::MeetingState::Live.into();
        entry.publish(Event::ParticipantJoined(participant.clone()));
        Ok(Response::new(pb::JoinMeetingResponse {
            participant: Some(participant),
            meeting: Some(entry.meeting.clone()),
        }))
    }

    async fn leave(
        &self,
        request: Request<pb::LeaveMeetingRequest>,
    ) -> Result<Response<pb::LeaveMeetingResponse>, Status> {
        let req = request.into_inner();
        let mut state = self.lock()?;
        let entry = state.entry(&req.meeting_id)?;
        entry.remove(&req.participant_id)?;
        entry.publish(Event::ParticipantLeft(pb::ParticipantLeft {
            participant_id: req.participant_id,
        }));
        Ok(Response::new(pb::LeaveMeetingResponse {}))
    }

    async fn kick(
        &self,
        request: Request<pb::KickParticipantRequest>,
    ) -> Result<Response<pb::KickParticipantResponse>, Status> {
        let req = request.into_inner();
        let mut state = self.lock()?;
        let entry = state.entry(&req.meeting_id)?;
        let by = entry.participant(&req.requested_by_participant_id)?;
        if !matches!(by.role(), pb::Role::Host | pb::Role::Cohost) {
            return Err(Status::permission_denied(
                "only a host or cohost may kick participants",
            ));
        }
        if entry.participant(&req.participant_id)?.role() == pb::Role::Host {
            return Err(Status::permission_denied("the host cannot be kicked"));
        }
        let removed = entry.remove(&req.participant_id)?;
        entry.publish(Event::ParticipantKicked(pb::ParticipantKicked {
            participant_id: req.participant_id,
            kicked_by_participant_id: req.requested_by_participant_id,
            reason: req.reason,
        }));
        Ok(Response::new(pb::KickParticipantResponse {
            removed: Some(removed),
        }))
    }

    type WatchStream = ReceiverStream<Result<pb::MeetingEvent, Status>>;

    async fn watch(
        &self,
        request: Request<pb::WatchMeetingRequest>,
    ) -> Result<Response<Self::WatchStream>, Status> {
        let req = request.into_inner();
        let mut state = self.lock()?;
        let entry = state.entry(&req.meeting_id)?;
        let (tx, rx) = mpsc::channel(WATCH_BUFFER);
        // The snapshot goes first; holding the lock keeps later events behind it.
        let snapshot = pb::MeetingEvent {
            meeting_id: entry.meeting.meeting_id.clone(),
            at: Some(now()),
            event: Some(Event::Snapshot(entry.meeting.clone())),
        };
        tx.try_send(Ok(snapshot))
            .map_err(|_| Status::internal("watch channel closed"))?;
        entry.watchers.push(tx);
        Ok(Response::new(ReceiverStream::new(rx)))
    }
}
