//! The meeting server of one release: `meeting-server [--release v1|v2] [--addr HOST:PORT]`.

use meeting_demo::{v1, v2, DemoArgs, Release, Services};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = DemoArgs::parse("127.0.0.1:50051")?;
    let listener = tokio::net::TcpListener::bind(&args.addr).await?;
    let name = match args.release {
        Release::V1 => v1::RELEASE,
        Release::V2 => v2::RELEASE,
    };
    println!(
        "meeting-server ({name}) listening on {}",
        listener.local_addr()?
    );
    let forever = std::future::pending::<()>();
    match args.release {
        Release::V1 => v1::serve_some(listener, Services::Meeting, forever).await?,
        Release::V2 => v2::serve_some(listener, Services::Meeting, forever).await?,
    }
    Ok(())
}
