//! The `pjece` command. All work happens in the library; this maps outcomes to exit codes.

use clap::Parser;

fn main() {
    let cli = pjece::cli::Cli::parse();
    // `serve` stops on Ctrl-C by itself, closing its connections; every other command ends
    // its browsers and settles its output folder on Ctrl-C or `kill`.
    let handle_signals = !matches!(cli.command, pjece::cli::Command::Serve(_));
    let run = pjece::interrupt::Run::begin(handle_signals);
    let root = cli.site_root();
    let outcome = pjece::cli::run(cli);
    // Before `exit`, which skips it: ends stray browsers and removes the temporary folder.
    drop(run);
    match outcome {
        Ok(message) => {
            if !message.is_empty() {
                println!("{message}");
            }
        }
        Err(error) => {
            let style = pjece::report::Style::for_stderr();
            eprintln!("{}", pjece::report::describe(&error, &root, style));
            std::process::exit(pjece::cli::exit_code(&error));
        }
    }
}

/// jemalloc instead of the system allocator: the search index (Pagefind) allocates and frees
/// millions of small strings, and jemalloc takes about a quarter less time over it
/// (10,000 pages: 18–20 s against 25 s) and less memory (1.9 GB against 2.3 GB). `make bench`
/// measures the build with it. The index is the same in every build whatever the allocator
/// (Pagefind numbers pages in path order: see vendor/pagefind/PJECE.md).
///
/// Every allocation is counted per thread, so that the rendering of a template can be held to
/// a memory budget (see `pjece::budget`).
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: pjece::budget::Counting<tikv_jemallocator::Jemalloc> =
    pjece::budget::Counting(tikv_jemallocator::Jemalloc);

#[cfg(target_env = "msvc")]
#[global_allocator]
static ALLOCATOR: pjece::budget::Counting<std::alloc::System> =
    pjece::budget::Counting(std::alloc::System);

/// jemalloc's settings, read when it starts (the name is jemalloc's own, with the prefix the
/// crate builds it with). Two arenas instead of four per core: the threads that allocate are
/// rayon's, one per core, and serve most small allocations from their own caches, while
/// fewer arenas keep the peak of a large build lower.
#[cfg(not(target_env = "msvc"))]
#[export_name = "_rjem_malloc_conf"]
pub static JEMALLOC_SETTINGS: Option<&[u8; 10]> = Some(b"narenas:2\0");
