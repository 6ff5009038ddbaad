//! What one rendering of a template may hold in memory.
//!
//! A site may bring its own templates, and a template is a small program: one line that
//! doubles a string in a loop (`{% set s = s ~ s %}`) asks for terabytes before it writes a
//! byte, and the machine runs out of memory. So every thread counts the bytes it has
//! allocated and not freed (the program's allocator is wrapped in [`Counting`]; without it,
//! as in a program that embeds the library with its own allocator, nothing is counted), a rendering notes the
//! count when it starts ([`Rendering::begin`]), and Tera asks [`over_budget`] before each
//! instruction: past [`RENDERING_BUDGET`] more bytes, the rendering stops with an error
//! naming the template, and the build fails cleanly instead of the process being killed.
//!
//! The count is per thread and costs a thread-local add per allocation; renderings run on
//! many threads at once, each against its own start.

use std::alloc::{GlobalAlloc, Layout};
use std::cell::Cell;

/// How much more memory one rendering may hold than when it began. The largest real page
/// (the "what changed" page of a 10,000-page edition) needs a few megabytes.
pub const RENDERING_BUDGET: usize = 256 * 1024 * 1024;

/// An allocator (the system's, jemalloc) counting each thread's allocated bytes; the
/// program's `#[global_allocator]`.
pub struct Counting<A>(pub A);

thread_local! {
    /// Bytes allocated minus bytes freed on this thread (memory freed here that another
    /// thread allocated makes it smaller, never larger than what this thread holds).
    static HELD: Cell<isize> = const { Cell::new(0) };
    /// [`HELD`] when the rendering under way on this thread began, if one is.
    static RENDERING_FROM: Cell<Option<isize>> = const { Cell::new(None) };
}

fn count(bytes: isize) {
    // `try_with`: during a thread's teardown its locals may be gone; then nothing is counted.
    let _ = HELD.try_with(|held| held.set(held.get().wrapping_add(bytes)));
}

// SAFETY: every call is passed on unchanged to the inner allocator; the counting touches
// only a thread-local `Cell` with no destructor, which never allocates.
unsafe impl<A: GlobalAlloc> GlobalAlloc for Counting<A> {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count(layout.size() as isize);
        // SAFETY: the caller's layout is passed on as given.
        unsafe { self.0.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count(layout.size() as isize);
        // SAFETY: as for `alloc`.
        unsafe { self.0.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        count(-(layout.size() as isize));
        // SAFETY: `ptr` was allocated by the inner allocator with `layout`, as the caller
        // guarantees.
        unsafe { self.0.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count(new_size as isize - layout.size() as isize);
        // SAFETY: as for `dealloc`, with the caller's new size.
        unsafe { self.0.realloc(ptr, layout, new_size) }
    }
}

/// A rendering under way on this thread, from [`Rendering::begin`] until it is dropped.
pub struct Rendering {
    before: Option<isize>,
}

impl Rendering {
    /// Starts counting this thread's memory against [`RENDERING_BUDGET`] (and tells Tera to
    /// ask, the first time).
    pub fn begin() -> Rendering {
        static HOOKED: std::sync::Once = std::sync::Once::new();
        HOOKED.call_once(|| tera::set_budget_check(over_budget));
        let held = HELD.with(Cell::get);
        Rendering {
            before: RENDERING_FROM.with(|from| from.replace(Some(held))),
        }
    }
}

impl Drop for Rendering {
    fn drop(&mut self) {
        RENDERING_FROM.with(|from| from.set(self.before));
    }
}

/// Tera's check: a message once the rendering on this thread holds more than its budget.
fn over_budget() -> Option<String> {
    let from = RENDERING_FROM.with(Cell::get)?;
    let grown = HELD.with(Cell::get).wrapping_sub(from);
    (grown > RENDERING_BUDGET as isize).then(|| {
        format!(
            "the template needs more than {} MB of memory; a text that doubles in a loop (`set s = s ~ s`) grows without end",
            RENDERING_BUDGET / (1024 * 1024)
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rendering_is_over_budget_once_it_holds_more_than_the_budget() {
        let _rendering = Rendering::begin();
        assert_eq!(over_budget(), None);
        let big = vec![0u8; RENDERING_BUDGET + 1];
        assert!(over_budget().is_some());
        drop(big);
        assert_eq!(over_budget(), None);
    }

    #[test]
    fn outside_a_rendering_nothing_is_over_budget() {
        let big = vec![0u8; RENDERING_BUDGET + 1];
        assert_eq!(over_budget(), None);
        drop(big);
    }
}
