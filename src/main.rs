use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicU8, Ordering};

/// mimalloc for a run over a repository: parsing allocates and frees many small nodes on both
/// cores, and glibc's malloc spent a fifth of a whole-corpus run in malloc and free. The
/// system's allocator for a run on a few named files (a pre-commit hook's): mimalloc's pages
/// per size class touched about a hundred more memory pages there, a third of such a run's page
/// faults, for work too small to gain from it. Chosen once, before the first allocation
/// (`choose_allocator`), and never changed: every block is freed by the allocator that made it.
#[global_allocator]
static ALLOCATOR: Allocator = Allocator;

const UNDECIDED: u8 = 0;
const MIMALLOC: u8 = 1;
const SYSTEM: u8 = 2;

/// The allocator in use: the first allocation settles an undecided choice on mimalloc.
static CHOSEN: AtomicU8 = AtomicU8::new(UNDECIDED);

struct Allocator;

impl Allocator {
    fn system(&self) -> bool {
        match CHOSEN.load(Ordering::Relaxed) {
            SYSTEM => true,
            MIMALLOC => false,
            _ => CHOSEN.compare_exchange(UNDECIDED, MIMALLOC, Ordering::Relaxed, Ordering::Relaxed).err() == Some(SYSTEM),
        }
    }
}

// SAFETY: each call goes to one of two allocators, the same for the whole process (the choice
// is made before the first allocation and never changes).
unsafe impl GlobalAlloc for Allocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        unsafe { if self.system() { System.alloc(layout) } else { mimalloc::MiMalloc.alloc(layout) } }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        unsafe { if self.system() { System.alloc_zeroed(layout) } else { mimalloc::MiMalloc.alloc_zeroed(layout) } }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { if self.system() { System.dealloc(ptr, layout) } else { mimalloc::MiMalloc.dealloc(ptr, layout) } }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        unsafe { if self.system() { System.realloc(ptr, layout, new_size) } else { mimalloc::MiMalloc.realloc(ptr, layout, new_size) } }
    }
}

/// `mi_option_arena_eager_commit` and `mi_option_purge_delay` of mimalloc 3's `mimalloc.h`
/// (enum values 4 and 15, read from the header the crate builds; `libmimalloc-sys` names
/// neither). Left at their defaults, mimalloc commits whole arenas up front on Linux (which
/// doubled a run's peak memory) and returns freed pages to the system 10 ms late (a tenth of
/// the peak, at no measurable cost in time when returned at once).
#[cfg(target_os = "linux")]
const ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
#[cfg(target_os = "linux")]
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// At most this many files named on the command line make a run the system allocator serves
/// (as `parallel::SMALL_RUN_FILES` makes it a run on one thread).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const FEW_FILES: usize = 8;

/// Runs before anything is allocated (the runtime allocates before `main`, and mimalloc reserves
/// its first arena on that first allocation, reading its options then). glibc passes a
/// constructor the program's arguments: a command line that names only a few files, and no
/// folder, is served by the system's allocator.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
extern "C" fn choose_allocator(argc: std::ffi::c_int, argv: *const *const std::ffi::c_char, _envp: *const *const std::ffi::c_char) {
    use std::os::unix::ffi::OsStrExt;
    let (mut files, mut folders) = (0usize, 0usize);
    for index in 1..usize::try_from(argc).unwrap_or(0) {
        // SAFETY: glibc hands constructors `argc` valid, NUL-terminated arguments.
        let argument = unsafe { std::ffi::CStr::from_ptr(*argv.add(index)) }.to_bytes();
        if argument.starts_with(b"-") {
            continue;
        }
        // A short path is checked from a buffer on the stack; a long one would allocate,
        // which settles the choice on mimalloc first (harmless).
        match std::fs::metadata(std::ffi::OsStr::from_bytes(argument)) {
            Ok(meta) if meta.is_dir() => folders += 1,
            Ok(meta) if meta.is_file() => files += 1,
            _ => {}
        }
    }
    if folders == 0 && (1..=FEW_FILES).contains(&files) {
        let _ = CHOSEN.compare_exchange(UNDECIDED, SYSTEM, Ordering::Relaxed, Ordering::Relaxed);
    }
    set_allocator_options();
}

#[cfg(target_os = "linux")]
fn set_allocator_options() {
    // SAFETY: sets plain options; nothing runs concurrently this early.
    unsafe {
        libmimalloc_sys::mi_option_set(ARENA_EAGER_COMMIT, 0);
        libmimalloc_sys::mi_option_set(PURGE_DELAY, 0);
    }
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[used]
#[unsafe(link_section = ".init_array")]
static CHOOSE_ALLOCATOR: extern "C" fn(std::ffi::c_int, *const *const std::ffi::c_char, *const *const std::ffi::c_char) = choose_allocator;

#[cfg(all(target_os = "linux", not(target_env = "gnu")))]
extern "C" fn set_options_only() {
    set_allocator_options();
}

#[cfg(all(target_os = "linux", not(target_env = "gnu")))]
#[used]
#[unsafe(link_section = ".init_array")]
static SET_ALLOCATOR_OPTIONS: extern "C" fn() = set_options_only;

fn main() {
    let system = ALLOCATOR.system();
    if !system {
        // tree-sitter's C code allocates through its own hooks, glibc's by default: its nodes and
        // parse stacks (a twentieth of a whole-corpus run in glibc's malloc and free) go to
        // mimalloc too. Set before the first parse, never changed: every block tree-sitter
        // allocates is freed by the same allocator.
        // SAFETY: nothing has been parsed yet, and the functions are mimalloc's C allocator.
        unsafe {
            tree_sitter::set_allocator(Some(tree_sitter::Allocator {
                malloc: libmimalloc_sys::mi_malloc,
                calloc: libmimalloc_sys::mi_calloc,
                realloc: libmimalloc_sys::mi_realloc,
                free: libmimalloc_sys::mi_free,
            }));
        }
    }
    dockfix::cli::set_allocator(if system { "the system's (a run on a few named files)" } else { "mimalloc" });
    std::process::exit(dockfix::cli::main());
}
