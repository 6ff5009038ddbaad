//! Only requests addressed to this computer by name are answered.
//!
//! Listening on 127.0.0.1 keeps other computers out, but not web pages of other sites open in
//! this computer's browser: a page of `evil.example` can point its own name at 127.0.0.1
//! (DNS rebinding) and then read the preview, drafts included, as a page of its own site.
//! Its requests say so: they name `evil.example` in their `Host` header. So every request —
//! pages, files, the status and the event stream alike — must name the loopback address or
//! `localhost` with the port the server listens on, and any other is refused with
//! `421 Misdirected Request` and a line of plain text that says why, before anything of the
//! site is looked at.

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The names of this computer a request may be addressed to.
const LOOPBACK_NAMES: [&str; 3] = ["127.0.0.1", "localhost", "[::1]"];

/// The middleware: answers requests for this computer on `port`, refuses all others.
pub(crate) async fn only_this_computer(
    State(port): State<u16>,
    request: Request,
    next: Next,
) -> Response {
    match addressed_to(&request) {
        Some(host) if is_this_computer(&host, port) => next.run(request).await,
        host => refuse(host.as_deref(), port),
    }
}

/// The host a request names: its `Host` header, which must be there once, and the authority
/// of an absolute request target (`GET http://host/ HTTP/1.1`), which must agree with it.
fn addressed_to(request: &Request) -> Option<String> {
    let mut hosts = request.headers().get_all(header::HOST).iter();
    let host = hosts.next()?.to_str().ok()?.to_string();
    if hosts.next().is_some() {
        return None;
    }
    match request.uri().authority() {
        Some(authority) if !authority.as_str().eq_ignore_ascii_case(&host) => None,
        _ => Some(host),
    }
}

/// `localhost:1111`, `127.0.0.1:1111` or `[::1]:1111` for port 1111, in any case; without
/// the port only when it is 80, which browsers leave out.
fn is_this_computer(host: &str, port: u16) -> bool {
    let host = host.to_ascii_lowercase();
    let (name, named_port) = match host.rsplit_once(':') {
        // `[::1]` alone has colons inside its brackets, not before a port.
        Some((name, p)) if !p.ends_with(']') => (name, p.parse::<u16>().ok()),
        _ => (host.as_str(), Some(80)),
    };
    LOOPBACK_NAMES.contains(&name) && named_port == Some(port)
}

fn refuse(host: Option<&str>, port: u16) -> Response {
    let asked = match host {
        Some(host) => format!("This request was addressed to `{}`", shown(host)),
        None => "This request named no single host".to_string(),
    };
    let text = format!(
        "pjece serve answers only requests addressed to this computer: \
         http://127.0.0.1:{port}/ or http://localhost:{port}/.\n\
         {asked}; a web page of another site may be trying to read the preview.\n"
    );
    let mut response = (StatusCode::MISDIRECTED_REQUEST, text).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// A host name as the refusal shows it: printable ASCII only, and short.
fn shown(host: &str) -> String {
    host.chars()
        .filter(|c| c.is_ascii_graphic())
        .take(80)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_loopback_names_with_the_port_are_this_computer() {
        for yes in [
            "127.0.0.1:1111",
            "localhost:1111",
            "LocalHost:1111",
            "[::1]:1111",
        ] {
            assert!(is_this_computer(yes, 1111), "{yes}");
        }
        for no in [
            "evil.example:1111",
            "localhost.evil.example:1111",
            "127.0.0.1.evil.example:1111",
            "127.0.0.1:1112",
            "127.0.0.1",
            "localhost",
            "[::1]",
            "127.0.0.1:",
            "127.0.0.1:1111:1111",
            "",
        ] {
            assert!(!is_this_computer(no, 1111), "{no}");
        }
        assert!(is_this_computer("localhost", 80));
        assert!(is_this_computer("[::1]", 80));
    }

    #[test]
    fn a_request_names_its_host_once_and_an_absolute_target_must_agree() {
        let request = |target: &str, hosts: &[&str]| {
            let mut builder = Request::builder().uri(target);
            for host in hosts {
                builder = builder.header(header::HOST, *host);
            }
            builder.body(axum::body::Body::empty()).unwrap()
        };
        let one = request("/", &["localhost:1111"]);
        assert_eq!(addressed_to(&one).as_deref(), Some("localhost:1111"));
        assert_eq!(addressed_to(&request("/", &[])), None);
        let twice = request("/", &["localhost:1111", "evil.example:1111"]);
        assert_eq!(addressed_to(&twice), None);
        let absolute = request("http://evil.example:1111/", &["localhost:1111"]);
        assert_eq!(addressed_to(&absolute), None);
    }
}
