// whiteboard-sync, the server. Included once per release (see `release!` in lib.rs).
//
// Ops are `Kept` messages: the server stores and relays them exactly as their author sent
// them, so a stroke field or an op kind that this release does not know reaches the other
// clients and the snapshot intact.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use tokio::sync::mpsc;
use tokio_stream::wrappers::ReceiverStream;
use tokio_stream::StreamExt;
use tonic::{Request, Response, Status, Streaming};

use pb::sync_request::Message as Inbound;
use pb::sync_response::Message as Outbound;
use pb::whiteboard_sync_server::{WhiteboardSync, WhiteboardSyncServer};

/// Messages a slow client may lag behind before it is dropped from its board.
const SESSION_BUFFER: usize = 1024;

type ResponseSender = mpsc::Sender<Result<pb::SyncResponse, Status>>;

/// The whiteboard-sync service, keeping boards in memory.
#[derive(Clone, Default)]
pub struct WhiteboardHub {
    state: Arc<Mutex<State>>,
}

#[derive(Default)]
struct State {
    next_session: u64,
    boards: HashMap<String, Board>,
}

#[derive(Default)]
struct Board {
    ops: Vec<pb::SequencedOp>,
    labels: HashMap<String, String>,
    sessions: Vec<(u64, ResponseSender)>,
}

fn now() -> prost_types::Timestamp {
    prost_types::Timestamp::from(std::time::SystemTime::now())
}

fn send(tx: &ResponseSender, message: Outbound) -> bool {
    tx.try_send(Ok(pb::SyncResponse {
        message: Some(message),
    }))
    .is_ok()
}

impl WhiteboardHub {
    /// The tonic service, ready for `Server::builder().add_service(..)`.
    pub fn into_service(self) -> WhiteboardSyncServer<WhiteboardHub> {
        WhiteboardSyncServer::new(self)
    }

    fn lock(&self) -> Result<MutexGuard<'_, State>, Status> {
        self.state
            .lock()
            .map_err(|_| Status::internal("whiteboard state is poisoned"))
    }

    /// Opens a session on a board: Welcome, the replay, then live ops.
    fn open(&self, hello: &pb::Hello, tx: &ResponseSender) -> Result<u64, Status> {
        if hello.board_id.trim().is_empty() {
            return Err(Status::invalid_argument("hello.board_id is required"));
        }
        let mut state = self.lock()?;
        state.next_session += 1;
        let session = state.next_session;
        let board = state.boards.entry(hello.board_id.clone()).or_default();
        board
            .labels
            .entry("opened_by".into())
            .or_insert_with(|| hello.user_id.clone());
        let head_seq = board.ops.len() as u64;
        send(
            tx,
            Outbound::Welcome(pb::Welcome {
                board_id: hello.board_id.clone(),
                head_seq,
            }),
        );
        for op in board.ops.iter().filter(|op| op.seq > hello.since_seq) {
            send(tx, Outbound::Op(op.clone()));
        }
        board.sessions.push((session, tx.clone()));
        Ok(session)
    }

    /// Stores an op, acknowledges it to its author and relays it to everyone else.
    fn apply(
        &self,
        hello: &pb::Hello,
        session: u64,
        op: super::super::KeptOp,
        tx: &ResponseSender,
    ) -> Result<(), Status> {
        let mut state = self.lock()?;
        let board = state
            .boards
            .get_mut(&hello.board_id)
            .ok_or_else(|| Status::internal("board vanished"))?;
        let seq = board.ops.len() as u64 + 1;
        let op_id = op
            .get()
            .map_err(|e| Status::invalid_argument(format!("op: {e}")))?
            .op_id;
        let sequenced = pb::SequencedOp {
            seq,
            author_user_id: hello.user_id.clone(),
            received_at: Some(now()),
            op: Some(op),
        };
        board.ops.push(sequenced.clone());
        send(tx, Outbound::Ack(pb::Ack { op_id, seq }));
        board
            .sessions
            .retain(|(id, other)| *id == session || send(other, Outbound::Op(sequenced.clone())));
        Ok(())
    }

    fn close(&self, board_id: &str, session: u64) {
        if let Ok(mut state) = self.state.lock() {
            if let Some(board) = state.boards.get_mut(board_id) {
                board.sessions.retain(|(id, _)| *id != session);
            }
        }
    }

    /// Runs one Sync session until the client closes its stream or sends garbage.
    async fn session(self, mut inbound: Streaming<pb::SyncRequest>, tx: ResponseSender) {
        let hello = match inbound.next().await {
            Some(Ok(pb::SyncRequest {
                message: Some(Inbound::Hello(hello)),
            })) => hello,
            Some(Err(status)) => {
                let _ = tx.send(Err(status)).await;
                return;
            }
            _ => {
                let _ = tx
                    .send(Err(Status::invalid_argument(
                        "the first message of a Sync must be a Hello",
                    )))
                    .await;
                return;
            }
        };
        let session = match self.open(&hello, &tx) {
            Ok(session) => session,
            Err(status) => {
                let _ = tx.send(Err(status)).await;
                return;
            }
        };
        while let Some(message) = inbound.next().await {
            let result = match message {
                Ok(pb::SyncRequest {
                    message: Some(Inbound::Op(op)),
                }) => self.apply(&hello, session, op, &tx),
                Ok(pb::SyncRequest {
                    message: Some(Inbound::Hello(_)),
                }) => Err(Status::invalid_argument("Hello may only be sent once")),
                // A message kind from a newer release: ignore it, as the contract says.
                Ok(pb::SyncRequest { message: None }) => Ok(()),
                Err(status) => Err(status),
            };
            if let Err(status) = result {
                let _ = tx.send(Err(status)).await;
                break;
            }
        }
        self.close(&hello.board_id, session);
    }
}

#[tonic::async_trait]
impl WhiteboardSync for WhiteboardHub {
    type SyncStream = ReceiverStream<Result<pb::SyncResponse, Status>>;

    async fn sync(
        &self,
        request: Request<Streaming<pb::SyncRequest>>,
    ) -> Result<Response<Self::SyncStream>, Status> {
        let (tx, rx) = mpsc::channel(SESSION_BUFFER);
        tokio::spawn(self.clone().session(request.into_inner(), tx));
        Ok(Response::new(ReceiverStream::new(rx)))
    }

    async fn get_snapshot(
        &self,
        request: Request<pb::GetSnapshotRequest>,
    ) -> Result<Response<pb::Snapshot>, Status> {
        let req = request.into_inner();
        let state = self.lock()?;
        let board = state
            .boards
            .get(&req.board_id)
            .ok_or_else(|| Status::not_found(format!("no board {:?}", req.board_id)))?;
        Ok(Response::new(pb::Snapshot {
            board_id: req.board_id,
            ops: board.ops.clone(),
            labels: board.labels.clone(),
            thumbnail_png: Vec::new(),
        }))
    }
}
