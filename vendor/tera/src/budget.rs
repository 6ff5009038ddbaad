//! A check the embedding program can set, asked before every instruction of a rendering:
//! when it returns a message, the rendering stops with that message as its error. It lets a
//! program that renders templates it did not write bound what a rendering may cost (memory,
//! time) without Tera knowing how that is measured.

use std::sync::OnceLock;

static CHECK: OnceLock<fn() -> Option<String>> = OnceLock::new();

/// Sets the check for every rendering of the process; only the first call takes effect.
pub fn set_budget_check(check: fn() -> Option<String>) {
    let _ = CHECK.set(check);
}

/// The message of a rendering that has gone over its budget.
#[inline]
pub(crate) fn exceeded() -> Option<String> {
    CHECK.get().and_then(|check| check())
}
