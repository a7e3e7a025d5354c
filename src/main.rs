/// mimalloc rather than the system allocator: parsing allocates and frees many small nodes on
/// both cores, and glibc's malloc spent a fifth of a whole-corpus run in malloc and free.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_arena_eager_commit` and `mi_option_purge_delay` of mimalloc 3's `mimalloc.h`
/// (enum values 4 and 15, read from the header the crate builds; `libmimalloc-sys` names
/// neither). Left at their defaults, mimalloc commits whole arenas up front on Linux (which
/// doubled a run's peak memory) and returns freed pages to the system 10 ms late (a tenth of
/// the peak, at no measurable cost in time when returned at once).
const ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Runs before anything is allocated (the runtime allocates before `main`, and mimalloc reserves
/// its first arena on that first allocation, reading its options then).
extern "C" fn set_allocator_options() {
    // SAFETY: sets plain options; nothing runs concurrently this early.
    unsafe {
        libmimalloc_sys::mi_option_set(ARENA_EAGER_COMMIT, 0);
        libmimalloc_sys::mi_option_set(PURGE_DELAY, 0);
    }
}

#[cfg(target_os = "linux")]
#[used]
#[unsafe(link_section = ".init_array")]
static SET_ALLOCATOR_OPTIONS: extern "C" fn() = set_allocator_options;

fn main() {
    std::process::exit(dockfix::cli::main());
}
