//! Named steps where a test can stop pjece, so that an interrupt (Ctrl-C, `kill`, a power cut
//! played by `kill -9`) lands at exactly that step instead of wherever timing happens to put
//! it. Only the `PJECE_PAUSE_AT` environment variable turns a step into a pause; without it
//! each step costs one environment look-up.

use std::time::Duration;

/// The environment variable naming the step to pause at (`swap.exchanged`, `publish.renamed`).
pub const VARIABLE: &str = "PJECE_PAUSE_AT";

/// At step `name`: if `PJECE_PAUSE_AT` names it, says so on stderr and waits there until the
/// process is ended from outside. Signal handlers still run meanwhile (they run on their own
/// thread), which is what the tests look at.
pub fn step(name: &str) {
    if std::env::var_os(VARIABLE).is_some_and(|wanted| wanted == name) {
        eprintln!("pjece: paused at {name}");
        loop {
            std::thread::sleep(Duration::from_secs(3600));
        }
    }
}
