//! The `trellis-endpoint` command: read the options, listen, say where, serve.

use std::net::TcpListener;
use std::process::ExitCode;

use trellis_endpoint::{serve, Config};

const USAGE: &str = "\
Usage: trellis-endpoint [options]

The reference server for Trellis sync in JSON endpoint mode: one JSON document per
team at http://HOST:PORT/<name>, read with GET + If-None-Match and written with
PUT + If-Match (If-None-Match: * to create it).

Options:
  --dir DIR        folder for the documents (default: endpoint-data)
  --port N         TCP port; 0 picks a free one and prints it (default: 8787)
  --host H         address to listen on (default: 127.0.0.1)
  --token T        require 'Authorization: Bearer T' on every GET and PUT
                   (default: $TRELLIS_ENDPOINT_TOKEN when set, else no token)
  --tokens FILE    per-document tokens, one '<name> <token>' per line, read on
                   every request: a listed document takes only its tokens (and
                   --token's), an unlisted one only --token's, so each member
                   reaches the team's document and their own
  --max-bytes N    largest document accepted, in bytes (default: 5000000)
  -h, --help       show this help
";

/// What the command line asks for: where to listen, and how to serve.
struct Options {
    host: String,
    port: u16,
    config: Config,
}

/// Parses the arguments (without the program name). `Ok(None)` means help was asked for.
/// `env_token` is `TRELLIS_ENDPOINT_TOKEN`; `--token` wins over it.
fn parse_args(
    args: impl IntoIterator<Item = String>,
    env_token: Option<String>,
) -> Result<Option<Options>, String> {
    let (mut host, mut port) = (String::from("127.0.0.1"), 8787);
    let mut config = Config::new("endpoint-data");
    config.token = env_token.filter(|t| !t.is_empty());
    config.log = true;
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        if arg == "-h" || arg == "--help" {
            return Ok(None);
        }
        // Both `--port 8787` and `--port=8787`.
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => (flag.to_string(), Some(value.into())),
            _ => (arg, None),
        };
        let value = || {
            inline
                .or_else(|| args.next())
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        match flag.as_str() {
            "--dir" => config.dir = value()?.into(),
            "--port" => port = number(&flag, &value()?)?,
            "--host" => host = value()?,
            "--token" => config.token = Some(value()?).filter(|t| !t.is_empty()),
            "--tokens" => config.tokens_file = Some(value()?.into()),
            "--max-bytes" => config.max_bytes = number(&flag, &value()?)?,
            _ => return Err(format!("unknown option {flag}")),
        }
    }
    Ok(Some(Options { host, port, config }))
}

fn number<T: std::str::FromStr>(flag: &str, value: &str) -> Result<T, String> {
    value
        .parse()
        .map_err(|_| format!("{flag} wants a whole number, not {value:?}"))
}

fn main() -> ExitCode {
    let env_token = std::env::var("TRELLIS_ENDPOINT_TOKEN").ok();
    let Options { host, port, config } = match parse_args(std::env::args().skip(1), env_token) {
        Ok(Some(options)) => options,
        Ok(None) => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("trellis-endpoint: {message} (see --help)");
            return ExitCode::from(2);
        }
    };
    let listener = match TcpListener::bind((host.as_str(), port)) {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("trellis-endpoint: cannot listen on {host}:{port}: {error}");
            return ExitCode::FAILURE;
        }
    };
    // The real address, so that `--port 0` tells which port it picked.
    let address = listener
        .local_addr()
        .map_or(format!("{host}:{port}"), |a| a.to_string());
    let dir = config.dir.display();
    println!("trellis-endpoint listening on http://{address}, documents in {dir}");
    if config.token.is_some() {
        println!("a bearer token is required on every GET and PUT");
    }
    let error = serve(listener, config).err();
    eprintln!(
        "trellis-endpoint: {}",
        error.map_or("stopped".into(), |e| e.to_string())
    );
    ExitCode::FAILURE
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn parse(args: &[&str], env_token: Option<&str>) -> Result<Option<Options>, String> {
        parse_args(
            args.iter().map(ToString::to_string),
            env_token.map(String::from),
        )
    }

    fn options(args: &[&str], env_token: Option<&str>) -> Options {
        parse(args, env_token).unwrap().unwrap()
    }

    #[test]
    fn defaults() {
        let Options { host, port, config } = options(&[], None);
        assert_eq!((host.as_str(), port), ("127.0.0.1", 8787));
        assert_eq!(config.dir, Path::new("endpoint-data"));
        assert_eq!(
            (config.token, config.max_bytes, config.log),
            (None, 5_000_000, true)
        );
    }

    #[test]
    fn every_option_in_both_spellings() {
        let args = [
            "--dir",
            "d",
            "--port=0",
            "--host",
            "0.0.0.0",
            "--token=t",
            "--max-bytes",
            "10",
        ];
        let Options { host, port, config } = options(&args, None);
        assert_eq!((host.as_str(), port), ("0.0.0.0", 0));
        assert_eq!(config.dir, Path::new("d"));
        assert_eq!((config.token.as_deref(), config.max_bytes), (Some("t"), 10));
    }

    #[test]
    fn token_from_the_environment_unless_given() {
        assert_eq!(options(&[], Some("e")).config.token.as_deref(), Some("e"));
        assert_eq!(
            options(&["--token", "t"], Some("e"))
                .config
                .token
                .as_deref(),
            Some("t")
        );
        assert_eq!(options(&[], Some("")).config.token, None);
    }

    #[test]
    fn help_and_mistakes() {
        assert!(matches!(parse(&["--help"], None), Ok(None)));
        assert!(matches!(parse(&["--port", "8787", "-h"], None), Ok(None)));
        for wrong in [
            &["--port"][..],
            &["--port", "70000"],
            &["--max-bytes", "-1"],
            &["--verbose"],
        ] {
            assert!(parse(wrong, None).is_err(), "{wrong:?}");
        }
    }
}
