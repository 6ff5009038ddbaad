//! Work one build can hand to the next, so that `pjece serve` re-renders only what an edit
//! touched.
//!
//! Rendering stays a pure function of the site: nothing here decides *what* depends on a
//! save. Instead every costly step is keyed by a hash of exactly what it reads: the Markdown
//! of a page by its text and position, a page through a template by the template set and the
//! whole view the template receives (navigation, banner, history and text included). A page
//! whose view did not change is not rendered again; one whose title changed makes every page
//! that lists it new, because their views changed too. That is the dependency graph, found
//! by comparison rather than written down, so it cannot fall out of date.
//!
//! A [`Reuse`] keeps what the last build used and nothing older: entries not asked for in a
//! build are dropped at the next, so memory stays at about one site's worth. `pjece build`
//! uses [`Reuse::off`], which keeps nothing.

use crate::markdown::{self, RawHtml, ReadText, Rendered};
use serde::Serialize;
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use xxhash_rust::xxh3::Xxh3;

/// What a result is found by: a 128-bit XXH3 hash of everything the step read, so that two
/// different inputs share a key with a chance far below one in 10^30 per pair.
type Key = u128;

/// What the previous build rendered, for the next build to take over.
pub struct Reuse {
    markdown: Memo<Rendered>,
    templates: Memo<String>,
}

impl Reuse {
    /// A cache that keeps work from build to build (for `serve`).
    pub fn kept() -> Self {
        Reuse {
            markdown: Memo::new(true),
            templates: Memo::new(true),
        }
    }

    /// No cache: every build renders everything (for `build` and `check`).
    pub fn off() -> Self {
        Reuse {
            markdown: Memo::new(false),
            templates: Memo::new(false),
        }
    }

    /// Whether work is kept from build to build (`serve`), not thrown away (`build`).
    pub(crate) fn keeps_work(&self) -> bool {
        self.templates.enabled
    }

    /// The Markdown of a text starting at `line_offset` in its file, with its running text
    /// when `read` asks for it.
    pub(crate) fn markdown(
        &self,
        text: &str,
        line_offset: usize,
        raw_html: RawHtml,
        read: ReadText,
    ) -> Rendered {
        let key = key_of(&(text, line_offset, raw_html as u8, read));
        self.markdown
            .get_or(key, || markdown::render(text, line_offset, raw_html, read))
    }

    /// `render` of `view` through `template`, unless the same template set rendered the same
    /// view in the last build.
    pub(crate) fn template(
        &self,
        fingerprint: u64,
        template: &str,
        view: &impl Serialize,
        render: impl FnOnce() -> anyhow::Result<String>,
    ) -> anyhow::Result<String> {
        if !self.templates.enabled {
            return render();
        }
        let Some(key) = view_key(fingerprint, template, view) else {
            return render();
        };
        self.templates.try_get_or(key, render)
    }

    /// Forgets what the build before last used; call once a build is finished.
    pub fn end_build(&self) {
        self.markdown.end_build();
        self.templates.end_build();
    }

    /// How many files this build rendered through a template, and how many it took over
    /// from the build before.
    pub fn templates_rendered_and_reused(&self) -> (usize, usize) {
        (
            self.templates.misses.load(Ordering::Relaxed),
            self.templates.hits.load(Ordering::Relaxed),
        )
    }
}

/// Results by key: those of this build, and those of the build before it.
struct Memo<T> {
    enabled: bool,
    slots: Mutex<Generations<T>>,
    hits: AtomicUsize,
    misses: AtomicUsize,
}

struct Generations<T> {
    this_build: HashMap<Key, T>,
    last_build: HashMap<Key, T>,
}

impl<T: Clone> Memo<T> {
    fn new(enabled: bool) -> Self {
        Memo {
            enabled,
            slots: Mutex::new(Generations {
                this_build: HashMap::new(),
                last_build: HashMap::new(),
            }),
            hits: AtomicUsize::new(0),
            misses: AtomicUsize::new(0),
        }
    }

    fn get_or(&self, key: Key, make: impl FnOnce() -> T) -> T {
        match self.try_get_or(key, || Ok::<_, std::convert::Infallible>(make())) {
            Ok(value) => value,
            Err(never) => match never {},
        }
    }

    /// The value under `key`, else `make`'s (kept when it succeeds). The lock is not held
    /// while `make` runs, so pages render in parallel.
    fn try_get_or<E>(&self, key: Key, make: impl FnOnce() -> Result<T, E>) -> Result<T, E> {
        if !self.enabled {
            return make();
        }
        if let Some(found) = self.lookup(key) {
            self.hits.fetch_add(1, Ordering::Relaxed);
            return Ok(found);
        }
        self.misses.fetch_add(1, Ordering::Relaxed);
        let made = make()?;
        self.lock().this_build.insert(key, made.clone());
        Ok(made)
    }

    fn lookup(&self, key: Key) -> Option<T> {
        let mut slots = self.lock();
        if let Some(found) = slots.this_build.get(&key) {
            return Some(found.clone());
        }
        let found = slots.last_build.remove(&key)?;
        slots.this_build.insert(key, found.clone());
        Some(found)
    }

    fn end_build(&self) {
        let mut slots = self.lock();
        slots.last_build = std::mem::take(&mut slots.this_build);
        self.hits.store(0, Ordering::Relaxed);
        self.misses.store(0, Ordering::Relaxed);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Generations<T>> {
        // A panic while holding the lock leaves only a map of finished values behind.
        self.slots.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The key of anything hashable, the same in every build and every run.
fn key_of(value: &impl Hash) -> Key {
    let mut hasher = Xxh3::new();
    value.hash(&mut hasher);
    hasher.digest128()
}

/// The key of a view: the template set, the template's name and the view as JSON, which is
/// what the template can read. `None` if the view cannot be written as JSON (rendering will
/// then report it).
fn view_key(fingerprint: u64, template: &str, view: &impl Serialize) -> Option<Key> {
    thread_local! {
        /// One buffer per rendering thread: serde_json writes a view in many small pieces,
        /// and one hash over the whole is several times faster than one per piece.
        static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    BUFFER.with(|buffer| {
        let mut bytes = buffer.borrow_mut();
        bytes.clear();
        bytes.extend_from_slice(&fingerprint.to_le_bytes());
        bytes.extend_from_slice(template.as_bytes());
        bytes.push(0);
        serde_json::to_writer(&mut *bytes, view).ok()?;
        Some(xxhash_rust::xxh3::xxh3_128(&bytes))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    #[derive(Serialize)]
    struct View<'a> {
        title: &'a str,
    }

    fn render_counting(reuse: &Reuse, calls: &Cell<usize>, title: &str) -> anyhow::Result<String> {
        reuse.template(7, "page.html", &View { title }, || {
            calls.set(calls.get() + 1);
            Ok(format!("<h1>{title}</h1>"))
        })
    }

    #[test]
    fn an_unchanged_view_is_not_rendered_again_in_the_next_build() {
        let reuse = Reuse::kept();
        let calls = Cell::new(0);
        render_counting(&reuse, &calls, "Gode råd").unwrap();
        reuse.end_build();
        let again = render_counting(&reuse, &calls, "Gode råd").unwrap();
        assert_eq!(again, "<h1>Gode råd</h1>");
        assert_eq!(calls.get(), 1);
        assert_eq!(reuse.templates_rendered_and_reused(), (0, 1));
    }

    #[test]
    fn a_changed_view_or_template_set_is_rendered() {
        let reuse = Reuse::kept();
        let calls = Cell::new(0);
        render_counting(&reuse, &calls, "Gode råd").unwrap();
        reuse.end_build();
        render_counting(&reuse, &calls, "Gode råd!").unwrap();
        reuse
            .template(8, "page.html", &View { title: "Gode råd" }, || {
                calls.set(calls.get() + 1);
                Ok(String::new())
            })
            .unwrap();
        assert_eq!(calls.get(), 3);
    }

    #[test]
    fn entries_unused_for_a_whole_build_are_dropped() {
        let reuse = Reuse::kept();
        let calls = Cell::new(0);
        render_counting(&reuse, &calls, "A").unwrap();
        reuse.end_build();
        render_counting(&reuse, &calls, "B").unwrap();
        reuse.end_build();
        render_counting(&reuse, &calls, "A").unwrap();
        assert_eq!(
            calls.get(),
            3,
            "A was not used in the second build, so it is gone"
        );
    }

    #[test]
    fn a_failed_render_is_not_kept() {
        let reuse = Reuse::kept();
        let view = View { title: "x" };
        let failed = reuse.template(1, "t", &view, || Err(anyhow::anyhow!("boom")));
        assert!(failed.is_err());
        let again = reuse.template(1, "t", &view, || Ok("ok".to_string()));
        assert_eq!(again.unwrap(), "ok");
    }

    #[test]
    fn off_keeps_nothing() {
        let reuse = Reuse::off();
        let calls = Cell::new(0);
        render_counting(&reuse, &calls, "A").unwrap();
        reuse.end_build();
        render_counting(&reuse, &calls, "A").unwrap();
        assert_eq!(calls.get(), 2);
    }

    #[test]
    fn markdown_is_keyed_by_its_position_too() {
        let reuse = Reuse::kept();
        let a = reuse.markdown("[x](y.md)", 3, RawHtml::Keep, ReadText::No);
        let b = reuse.markdown("[x](y.md)", 5, RawHtml::Keep, ReadText::No);
        assert_ne!(a.links[0].position, b.links[0].position);
    }
}
