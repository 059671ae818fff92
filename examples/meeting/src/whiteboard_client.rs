// whiteboard-sync, a demo client. Included once per release (see `release!` in lib.rs).

use tokio_stream::StreamExt;
use tonic::transport::Channel;

use pb::sync_response::Message as Outbound;
use pb::whiteboard_sync_client::WhiteboardSyncClient;

type Error = Box<dyn std::error::Error + Send + Sync>;

/// What the client does.
pub enum Command {
    /// Draw this release's demo ops on a board.
    Draw(String),
    /// Print a board.
    Snapshot(String),
    /// Copy every op of one board to another, as this release received them.
    Copy(String, String),
}

impl Command {
    /// Parses `draw BOARD`, `snapshot BOARD` or `copy FROM TO`.
    pub fn parse(args: &[String]) -> Result<Command, String> {
        match args {
            [cmd, board] if cmd == "draw" => Ok(Command::Draw(board.clone())),
            [cmd, board] if cmd == "snapshot" => Ok(Command::Snapshot(board.clone())),
            [cmd, from, to] if cmd == "copy" => Ok(Command::Copy(from.clone(), to.clone())),
            _ => Err("commands: draw BOARD | snapshot BOARD | copy FROM_BOARD TO_BOARD".into()),
        }
    }
}

/// Connects to `url` and runs `command`, printing what happens.
pub async fn run(url: String, command: Command) -> Result<(), Error> {
    let mut client = WhiteboardSyncClient::connect(url).await?;
    match command {
        Command::Draw(board) => {
            let mut ops = Vec::new();
            for op in super::super::fields::demo_ops() {
                ops.push(super::super::KeptOp::new(&op)?);
            }
            send(&mut client, &board, ops).await
        }
        Command::Snapshot(board) => {
            let snapshot = snapshot(&mut client, &board).await?;
            println!("board {} ({} ops):", snapshot.board_id, snapshot.ops.len());
            for op in &snapshot.ops {
                print_op(op);
            }
            Ok(())
        }
        Command::Copy(from, to) => {
            let snapshot = snapshot(&mut client, &from).await?;
            let ops = snapshot.ops.into_iter().filter_map(|s| s.op).collect();
            send(&mut client, &to, ops).await
        }
    }
}

async fn snapshot(
    client: &mut WhiteboardSyncClient<Channel>,
    board: &str,
) -> Result<pb::Snapshot, Error> {
    Ok(client
        .get_snapshot(pb::GetSnapshotRequest {
            board_id: board.into(),
        })
        .await?
        .into_inner())
}

fn print_op(op: &pb::SequencedOp) {
    let Some(kept) = &op.op else {
        println!("  #{} by {}: empty", op.seq, op.author_user_id);
        return;
    };
    match kept.get() {
        Ok(typed) => println!(
            "  #{} by {}: {} {:?}",
            op.seq, op.author_user_id, typed.element_id, typed.kind
        ),
        Err(e) => println!("  #{} by {}: unreadable ({e})", op.seq, op.author_user_id),
    }
    let unknown = kept.unknown_field_numbers();
    if !unknown.is_empty() {
        println!(
            "      fields unknown to {}, kept as received: {unknown:?}",
            super::super::RELEASE
        );
    }
}

/// Opens a Sync session on `board`, sends `ops` and waits for their acks.
async fn send(
    client: &mut WhiteboardSyncClient<Channel>,
    board: &str,
    ops: Vec<super::super::KeptOp>,
) -> Result<(), Error> {
    let count = ops.len();
    let (tx, rx) = tokio::sync::mpsc::channel(count + 1);
    tx.send(pb::SyncRequest {
        message: Some(pb::sync_request::Message::Hello(pb::Hello {
            board_id: board.into(),
            user_id: "u-demo".into(),
            since_seq: u64::MAX,
        })),
    })
    .await?;
    for op in ops {
        tx.send(pb::SyncRequest {
            message: Some(pb::sync_request::Message::Op(op)),
        })
        .await?;
    }
    let mut answers = client
        .sync(tokio_stream::wrappers::ReceiverStream::new(rx))
        .await?
        .into_inner();
    let mut acked = 0;
    while acked < count {
        match answers.next().await {
            Some(Ok(pb::SyncResponse { message })) => match message {
                Some(Outbound::Welcome(w)) => {
                    println!("Sync {} -> welcome at seq {}", w.board_id, w.head_seq)
                }
                Some(Outbound::Ack(ack)) => {
                    acked += 1;
                    println!("  ack {} -> seq {}", ack.op_id, ack.seq);
                }
                Some(Outbound::Op(op)) => print_op(&op),
                None => {}
            },
            Some(Err(status)) => return Err(status.into()),
            None => return Err("the server closed the session early".into()),
        }
    }
    Ok(())
}
