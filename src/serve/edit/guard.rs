//! Who may use the editor's API: the editor page this server sent, in a browser on this
//! computer, and no web page from anywhere else.
//!
//! Three locks, each enough against a different attack:
//! - the `Host` must name this computer and port (checked for every request before this,
//!   [`super::super::host`]): a page of another site that renames itself to 127.0.0.1 by DNS
//!   (rebinding) is refused;
//! - every call carries the session's token in the [`TOKEN_HEADER`]: a random value made when
//!   `serve` starts and written only into the editor page, which another origin cannot read
//!   (no CORS headers are ever sent), and which a plain form or `<img>` cannot send as a header;
//! - a call that changes anything must come from this server's own origin (`Origin`, and
//!   `Sec-Fetch-Site: same-origin` where the browser sends it), so even a page that learned the
//!   token cannot write from elsewhere.

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

/// The request header that carries the session token.
pub(crate) const TOKEN_HEADER: &str = "x-pjece-token";

/// The secret of one `serve` session and the port its origin is on.
#[derive(Debug)]
pub(crate) struct Session {
    token: String,
    port: u16,
}

impl Session {
    /// A new session with a token of 128 random bits.
    pub(crate) fn new(port: u16) -> std::io::Result<Arc<Session>> {
        let mut bytes = [0u8; 16];
        getrandom::fill(&mut bytes).map_err(std::io::Error::other)?;
        let token = bytes.iter().map(|b| format!("{b:02x}")).collect();
        Ok(Arc::new(Session { token, port }))
    }

    pub(crate) fn token(&self) -> &str {
        &self.token
    }

    /// Why `headers` may not make a call of `method`, if they may not.
    fn refusal(&self, method: &Method, headers: &HeaderMap) -> Option<&'static str> {
        let token = headers.get(TOKEN_HEADER).and_then(|v| v.to_str().ok());
        if !token.is_some_and(|t| same_bytes(t.as_bytes(), self.token.as_bytes())) {
            return Some("the editor's session token is missing or wrong: open the editor from the page again");
        }
        if method == Method::GET || method == Method::HEAD {
            return None;
        }
        let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok());
        if !origin.is_some_and(|o| self.is_own_origin(o)) {
            return Some("changes are taken only from the editor's own page on this computer");
        }
        let site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
        if site.is_some_and(|s| s != "same-origin") {
            return Some("changes are taken only from the editor's own page on this computer");
        }
        None
    }

    fn is_own_origin(&self, origin: &str) -> bool {
        let port = self.port;
        [
            format!("http://127.0.0.1:{port}"),
            format!("http://localhost:{port}"),
            format!("http://[::1]:{port}"),
        ]
        .iter()
        .any(|own| own == origin)
    }
}

/// Compares in time independent of where the values differ.
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |d, (x, y)| d | (x ^ y)) == 0
}

/// The middleware in front of every API route.
pub(crate) async fn only_the_editor(
    State(session): State<Arc<Session>>,
    request: Request,
    next: Next,
) -> Response {
    match session.refusal(request.method(), request.headers()) {
        Some(why) => (StatusCode::FORBIDDEN, why).into_response(),
        None => next.run(request).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_str(value).unwrap());
        }
        map
    }

    #[test]
    fn reads_need_the_token_and_writes_the_own_origin_too() {
        let session = Session::new(1111).unwrap();
        let token = session.token().to_string();
        assert_eq!(session.token().len(), 32);
        let get = Method::GET;
        let post = Method::POST;
        assert!(session.refusal(&get, &headers(&[])).is_some());
        assert!(session
            .refusal(&get, &headers(&[(TOKEN_HEADER, "0".repeat(32).as_str())]))
            .is_some());
        assert!(session
            .refusal(&get, &headers(&[(TOKEN_HEADER, &token)]))
            .is_none());
        assert!(session
            .refusal(&post, &headers(&[(TOKEN_HEADER, &token)]))
            .is_some());
        for (origin, ok) in [
            ("http://127.0.0.1:1111", true),
            ("http://localhost:1111", true),
            ("http://127.0.0.1:1112", false),
            ("http://evil.example", false),
            ("null", false),
        ] {
            let h = headers(&[(TOKEN_HEADER, &token), ("origin", origin)]);
            assert_eq!(session.refusal(&post, &h).is_none(), ok, "{origin}");
        }
        let cross = headers(&[
            (TOKEN_HEADER, &token),
            ("origin", "http://127.0.0.1:1111"),
            ("sec-fetch-site", "cross-site"),
        ]);
        assert!(session.refusal(&post, &cross).is_some());
    }
}
