//! A whiteboard demo client of one release:
//! `whiteboard-client [--release v1|v2] [--addr HOST:PORT] COMMAND...` (see `Command::parse`).

use meeting_demo::{v1, v2, DemoArgs, Release};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    meeting_demo::exit_code(run().await)
}

async fn run() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let args = DemoArgs::parse("127.0.0.1:50052")?;
    let url = args.url();
    match args.release {
        Release::V1 => {
            v1::client::whiteboard::run(url, v1::client::whiteboard::Command::parse(&args.rest)?)
                .await
        }
        Release::V2 => {
            v2::client::whiteboard::run(url, v2::client::whiteboard::Command::parse(&args.rest)?)
                .await
        }
    }
}
