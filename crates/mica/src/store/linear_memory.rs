//! The bytes of a linear memory.
//!
//! On Unix a memory reserves its whole maximum address range once (`PROT_NONE`) and makes pages
//! accessible as it grows, so its base address never moves and growth never copies. A module's
//! initial data can be mapped copy-on-write from a [`MemoryImage`] instead of being copied at
//! every instantiation. Elsewhere (or if the reservation fails) a plain heap buffer is used.
//!
//! Either way the memory dereferences to a `[u8]` of its current size.
//!
//! Reservations are recycled: a dropped memory's range is reset to fresh zero pages (one
//! `mmap` over the part that was accessible, which also discards any image mapping) and kept in
//! a small process-wide pool, so the next memory with the same reservation size costs no
//! `mmap`/`munmap` of its own (system calls dominate creating a memory). Pages of a recycled
//! range may stay readable and writable beyond the memory's current size; nothing relies on
//! protection for bounds (every access is checked against the size), and they are zero.

use std::ops::{Deref, DerefMut};

/// Host page size assumed for alignment of mappings.
const HOST_PAGE: usize = 4096;

/// The bytes of one linear memory.
pub(crate) struct LinearMemory {
    /// Start of the memory (reservation base, or heap buffer).
    ptr: *mut u8,
    /// Current accessible size in bytes.
    len: usize,
    /// The most bytes the memory may grow to.
    max: usize,
    storage: Storage,
}

enum Storage {
    /// Memory from a heap buffer; `ptr`/`len` describe the buffer.
    Heap(Vec<u8>),
    /// A reserved mapping of `reserved` bytes of which the first `accessible` (at least `len`)
    /// are read-write.
    #[cfg(unix)]
    Mapped {
        reserved: usize,
        accessible: usize,
        /// Whether an image file was mapped into the range (it then needs a new mapping to
        /// reset, not just dropped pages).
        imaged: bool,
    },
    /// Slot `index` of a memory image's slab (see [`slab`]): a reservation like `Mapped` that
    /// already holds the image, and goes back to the slab when dropped.
    #[cfg(target_os = "linux")]
    Slot {
        slab: std::sync::Arc<slab::ImageSlab>,
        index: usize,
        reserved: usize,
        accessible: usize,
    },
}

// SAFETY: a `LinearMemory` exclusively owns its buffer or mapping (the raw pointer is never
// shared with another owner), so moving it to or sharing `&` references with another thread is
// as safe as for a `Vec<u8>`.
unsafe impl Send for LinearMemory {}
// SAFETY: see `Send`: shared references only allow reads through `Deref`.
unsafe impl Sync for LinearMemory {}

impl LinearMemory {
    /// A zeroed memory of `initial` bytes that can grow up to `maximum` bytes.
    pub(crate) fn new(initial: usize, maximum: usize) -> Option<Self> {
        #[cfg(unix)]
        if let Some(m) = Self::new_mapped(initial, maximum) {
            return Some(m);
        }
        Self::new_heap(initial, maximum)
    }

    fn new_heap(initial: usize, maximum: usize) -> Option<Self> {
        let mut data = Vec::new();
        data.try_reserve_exact(initial).ok()?;
        data.resize(initial, 0);
        let mut m = LinearMemory {
            ptr: std::ptr::null_mut(),
            len: initial,
            max: maximum.max(initial),
            storage: Storage::Heap(data),
        };
        m.refresh_heap_ptr();
        Some(m)
    }

    fn refresh_heap_ptr(&mut self) {
        if let Storage::Heap(v) = &mut self.storage {
            self.ptr = v.as_mut_ptr();
            self.len = v.len();
        }
    }

    #[cfg(unix)]
    fn new_mapped(initial: usize, maximum: usize) -> Option<Self> {
        let reserved = maximum
            .max(initial)
            .checked_next_multiple_of(HOST_PAGE)?
            .max(HOST_PAGE);
        let (ptr, accessible) = match pool::take(reserved) {
            Some(r) => r,
            None => {
                // SAFETY: an anonymous private mapping at an address of the kernel's choice; no
                // existing memory is affected. The result is checked against MAP_FAILED.
                let ptr = unsafe {
                    libc::mmap(
                        std::ptr::null_mut(),
                        reserved,
                        libc::PROT_NONE,
                        libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE,
                        -1,
                        0,
                    )
                };
                if ptr == libc::MAP_FAILED {
                    return None;
                }
                (ptr.cast::<u8>(), 0)
            }
        };
        let mut m = LinearMemory {
            ptr,
            len: 0,
            max: maximum.max(initial),
            storage: Storage::Mapped {
                reserved,
                accessible,
                imaged: false,
            },
        };
        if initial > 0 && !m.make_accessible(0, initial) {
            return None; // dropping `m` releases the reservation
        }
        m.len = initial;
        Some(m)
    }

    /// A zeroed memory of `initial` bytes that can grow up to `maximum` bytes, holding `image`
    /// already, from the image's slab of recycled slots; `None` if no slot is available (the
    /// caller then creates a plain memory and maps or copies the data).
    #[cfg(target_os = "linux")]
    pub(crate) fn with_image(initial: usize, maximum: usize, image: &MemoryImage) -> Option<Self> {
        let reserved = maximum
            .max(initial)
            .checked_next_multiple_of(HOST_PAGE)?
            .max(HOST_PAGE);
        if image.offset + image.len > initial {
            return None;
        }
        let (slab, index, ptr, accessible) = image.take_slot(reserved, initial)?;
        let mut m = LinearMemory {
            ptr,
            len: 0,
            max: maximum.max(initial),
            storage: Storage::Slot {
                slab,
                index,
                reserved,
                accessible,
            },
        };
        if !m.make_accessible(0, initial) {
            return None; // dropping `m` gives the slot back
        }
        m.len = initial;
        Some(m)
    }

    /// Images are unsupported on this platform.
    #[cfg(not(target_os = "linux"))]
    pub(crate) fn with_image(_: usize, _: usize, _: &MemoryImage) -> Option<Self> {
        None
    }

    /// Replaces the image data of a memory made by [`with_image`](Self::with_image) with zeroes
    /// (for an instantiation that fails before its data segments are applied, whose functions
    /// may still run from a table another instance imported).
    pub(crate) fn discard_image(&mut self) {
        #[cfg(target_os = "linux")]
        if let Storage::Slot { slab, index, .. } = &self.storage {
            slab.zero_slot(*index);
        }
    }

    /// Makes `[from, to)` of a mapped memory readable and writable.
    #[cfg(unix)]
    fn make_accessible(&mut self, from: usize, to: usize) -> bool {
        let (reserved, accessible) = match &mut self.storage {
            Storage::Mapped {
                reserved,
                accessible,
                ..
            } => (reserved, accessible),
            #[cfg(target_os = "linux")]
            Storage::Slot {
                reserved,
                accessible,
                ..
            } => (reserved, accessible),
            Storage::Heap(_) => return false,
        };
        if to > *reserved || from > to {
            return false;
        }
        if to <= *accessible {
            return true;
        }
        let start = from.max(*accessible) / HOST_PAGE * HOST_PAGE;
        let Some(end) = to.checked_next_multiple_of(HOST_PAGE) else {
            return false;
        };
        // SAFETY: `[start, end)` lies inside our own reservation (`end <= reserved` because
        // `reserved` is page-aligned and `to <= reserved`); changing its protection affects no
        // other allocation.
        let ok = unsafe {
            libc::mprotect(
                self.ptr.add(start).cast(),
                end - start,
                libc::PROT_READ | libc::PROT_WRITE,
            ) == 0
        };
        if ok {
            *accessible = end;
        }
        ok
    }

    /// Grows to `new_len` bytes (new bytes are zero); `false` if the memory cannot.
    pub(crate) fn grow_to(&mut self, new_len: usize) -> bool {
        if new_len <= self.len {
            return true;
        }
        if new_len > self.max {
            return false;
        }
        match &mut self.storage {
            Storage::Heap(v) => {
                if v.try_reserve_exact(new_len - v.len()).is_err() {
                    return false;
                }
                v.resize(new_len, 0);
                self.refresh_heap_ptr();
                true
            }
            #[cfg(unix)]
            _ => {
                if !self.make_accessible(self.len, new_len) {
                    return false;
                }
                self.len = new_len;
                true
            }
        }
    }

    /// Maps `image` copy-on-write at its offset; `false` if that is not possible here (the
    /// caller then copies the data instead).
    pub(crate) fn map_image(&mut self, image: &MemoryImage) -> bool {
        #[cfg(target_os = "linux")]
        {
            use std::os::fd::AsRawFd;
            if !matches!(self.storage, Storage::Mapped { .. })
                || image.offset % HOST_PAGE != 0
                || image.offset + image.len > self.len
            {
                return false;
            }
            // SAFETY: the target range is inside our reservation and already part of the
            // memory's accessible size; MAP_FIXED replaces exactly those pages of our own
            // mapping with a private copy-on-write view of the image file.
            let p = unsafe {
                libc::mmap(
                    self.ptr.add(image.offset).cast(),
                    image.len,
                    libc::PROT_READ | libc::PROT_WRITE,
                    libc::MAP_PRIVATE | libc::MAP_FIXED,
                    image.fd.as_raw_fd(),
                    0,
                )
            };
            if let Storage::Mapped { imaged, .. } = &mut self.storage {
                // Even a failed MAP_FIXED may have unmapped the range: reset it the long way.
                *imaged = true;
            }
            p != libc::MAP_FAILED
        }
        #[cfg(not(target_os = "linux"))]
        {
            let _ = image;
            false
        }
    }
}

impl Drop for LinearMemory {
    fn drop(&mut self) {
        // Nothing refers to the range once the memory is dropped: it goes back to the pool
        // (reset to zero pages) or is unmapped, or back to its image's slab.
        match &self.storage {
            #[cfg(unix)]
            Storage::Mapped {
                reserved,
                accessible,
                imaged,
            } => pool::give(self.ptr, *reserved, *accessible, *imaged),
            #[cfg(target_os = "linux")]
            Storage::Slot {
                slab,
                index,
                accessible,
                ..
            } => slab.give(*index, *accessible),
            _ => {}
        }
    }
}

/// The process-wide pool of recycled reservations.
#[cfg(unix)]
mod pool {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Mutex;

    use super::HOST_PAGE;

    /// How many reservations are kept.
    const CAPACITY: usize = 16;
    /// Reservations whose read-write prefix is at most this large may keep their pages
    /// resident (zeroed in place) instead of dropping them, so the next memory does not fault
    /// them in again (a page fault costs about a microsecond and a half on this VM).
    const KEEP_RESIDENT_MAX: usize = 16 << 20;
    /// Smaller prefixes are simply dropped: refaulting a few pages costs less than finding
    /// them (`mincore`) and clearing them.
    const KEEP_RESIDENT_MIN: usize = 256 << 10;
    /// Most resident bytes kept by the whole pool.
    const KEEP_RESIDENT_TOTAL: usize = 64 << 20;
    /// A prefix whose resident pages form more runs than this is dropped instead (one system
    /// call per run of absent pages would cost more than it saves).
    const MAX_RUNS: usize = 8;

    /// Free reservations: (base address, reserved bytes, read-write prefix bytes, resident
    /// bytes kept). Their read-write prefix reads as zero.
    static FREE: Mutex<Vec<(usize, usize, usize, usize)>> = Mutex::new(Vec::new());
    /// Resident bytes kept by the reservations in `FREE`.
    static KEPT: AtomicUsize = AtomicUsize::new(0);

    /// A free reservation of exactly `reserved` bytes, with its zeroed read-write prefix length.
    pub(super) fn take(reserved: usize) -> Option<(*mut u8, usize)> {
        let mut free = FREE.lock().unwrap_or_else(|e| e.into_inner());
        let i = free.iter().rposition(|&(_, r, _, _)| r == reserved)?;
        let (base, _, accessible, kept) = free.swap_remove(i);
        KEPT.fetch_sub(kept, Ordering::Relaxed);
        Some((base as *mut u8, accessible))
    }

    /// Zeroes the anonymous read-write prefix `[ptr, ptr + len)` keeping its resident pages:
    /// resident runs are cleared in place, absent runs dropped (`MADV_DONTNEED`, which also
    /// drops swapped-out pages). Returns the resident bytes kept, or `None` (nothing changed)
    /// when the prefix is too fragmented or `mincore` fails.
    fn zero_in_place(ptr: *mut u8, len: usize) -> Option<usize> {
        let pages = len / HOST_PAGE;
        let mut resident = vec![0u8; pages];
        // SAFETY: `[ptr, ptr + len)` is mapped (the prefix of our reservation) and `resident`
        // has one byte per page of it.
        if unsafe { libc::mincore(ptr.cast(), len, resident.as_mut_ptr()) } != 0 {
            return None;
        }
        let mut runs = Vec::new();
        let mut start = 0;
        while start < pages {
            let here = resident[start] & 1;
            let end = (start..pages)
                .find(|&p| resident[p] & 1 != here)
                .unwrap_or(pages);
            runs.push((start, end, here == 1));
            start = end;
        }
        if runs.len() > MAX_RUNS {
            return None;
        }
        let mut kept = 0;
        for (start, end, present) in runs {
            let (at, bytes) = (start * HOST_PAGE, (end - start) * HOST_PAGE);
            if present {
                // SAFETY: a read-write range of the dropped memory's own prefix, which nothing
                // refers to any more.
                unsafe { std::ptr::write_bytes(ptr.add(at), 0, bytes) };
                kept += bytes;
            } else {
                // SAFETY: as for `give`'s MADV_DONTNEED: pages of our own anonymous prefix.
                if unsafe { libc::madvise(ptr.add(at).cast(), bytes, libc::MADV_DONTNEED) } != 0 {
                    return None;
                }
            }
        }
        Some(kept)
    }

    /// Takes back a reservation made by `LinearMemory`: resets its read-write prefix to zero
    /// and keeps it, or unmaps it when the pool is full or the reset fails. A small anonymous
    /// prefix is zeroed in place (its resident pages stay, within a pool-wide budget); a larger
    /// one has its pages dropped with `madvise` (no change to the mapping); a range that had an
    /// image mapped gets a new anonymous mapping.
    pub(super) fn give(ptr: *mut u8, reserved: usize, accessible: usize, imaged: bool) {
        let mut kept = 0;
        let reset = accessible == 0
            || (!imaged
                && (KEEP_RESIDENT_MIN..=KEEP_RESIDENT_MAX).contains(&accessible)
                && KEPT.load(Ordering::Relaxed) + accessible <= KEEP_RESIDENT_TOTAL
                && zero_in_place(ptr, accessible)
                    .inspect(|&k| kept = k)
                    .is_some())
            || (!imaged && {
                // SAFETY: `[ptr, ptr + accessible)` is the read-write, anonymous private prefix
                // of a reservation the dropped memory owned; MADV_DONTNEED drops its pages, so
                // they read as zero again, and nothing else refers to them.
                unsafe { libc::madvise(ptr.cast(), accessible, libc::MADV_DONTNEED) == 0 }
            })
            || {
                // SAFETY: `[ptr, ptr + accessible)` is the read-write prefix of a reservation the
                // dropped memory owned; MAP_FIXED replaces exactly those pages (including any image
                // mapping) with fresh zero pages, and nothing else refers to them.
                let p = unsafe {
                    libc::mmap(
                        ptr.cast(),
                        accessible,
                        libc::PROT_READ | libc::PROT_WRITE,
                        libc::MAP_PRIVATE
                            | libc::MAP_ANONYMOUS
                            | libc::MAP_NORESERVE
                            | libc::MAP_FIXED,
                        -1,
                        0,
                    )
                };
                p != libc::MAP_FAILED
            };
        if reset {
            let mut free = FREE.lock().unwrap_or_else(|e| e.into_inner());
            if free.len() < CAPACITY {
                free.push((ptr as usize, reserved, accessible, kept));
                KEPT.fetch_add(kept, Ordering::Relaxed);
                return;
            }
        }
        // SAFETY: unmapping exactly the reservation the dropped memory owned.
        unsafe {
            libc::munmap(ptr.cast(), reserved);
        }
    }
}

impl Deref for LinearMemory {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        if self.len == 0 {
            return &[];
        }
        // SAFETY: `ptr` points to `len` initialised, readable bytes (heap buffer, or pages made
        // read-write by `make_accessible`, zero-filled by the kernel or mapped from an image).
        unsafe { std::slice::from_raw_parts(self.ptr, self.len) }
    }
}

impl DerefMut for LinearMemory {
    fn deref_mut(&mut self) -> &mut [u8] {
        if self.len == 0 {
            return &mut [];
        }
        // SAFETY: as for `deref`, and `&mut self` guarantees exclusive access.
        unsafe { std::slice::from_raw_parts_mut(self.ptr, self.len) }
    }
}

/// A module's initial memory contents (its active data segments applied), in a file that
/// instances map copy-on-write.
pub(crate) struct MemoryImage {
    #[cfg(target_os = "linux")]
    fd: std::os::fd::OwnedFd,
    /// Byte offset in linear memory where the image starts (host-page aligned).
    pub(crate) offset: usize,
    /// Length in bytes (host-page aligned).
    pub(crate) len: usize,
    /// Recycled memories that already hold the image (made on first use; `None` if the slab
    /// could not be reserved).
    #[cfg(target_os = "linux")]
    slab: std::sync::OnceLock<Option<std::sync::Arc<slab::ImageSlab>>>,
}

#[cfg(target_os = "linux")]
impl MemoryImage {
    /// A slot of this image's slab for a memory reserving `reserved` bytes of which `initial`
    /// are accessible: (slab, slot index, base, read-write prefix).
    fn take_slot(
        &self,
        reserved: usize,
        initial: usize,
    ) -> Option<(std::sync::Arc<slab::ImageSlab>, usize, *mut u8, usize)> {
        use std::os::fd::AsFd;
        let slab = self
            .slab
            .get_or_init(|| {
                slab::ImageSlab::new(reserved, initial, self.offset, self.len, self.fd.as_fd())
                    .map(std::sync::Arc::new)
            })
            .as_ref()?;
        let (index, base, accessible) = slab.take(reserved)?;
        Some((slab.clone(), index, base, accessible))
    }
}

impl MemoryImage {
    /// Creates an image of `bytes` placed at `offset`; `None` where images are unsupported.
    #[cfg(target_os = "linux")]
    pub(crate) fn new(offset: usize, bytes: &[u8]) -> Option<Self> {
        use std::io::Write;
        use std::os::fd::FromRawFd;
        if offset % HOST_PAGE != 0 {
            return None;
        }
        let len = bytes.len().checked_next_multiple_of(HOST_PAGE)?;
        // SAFETY: memfd_create with a NUL-terminated name; the result is checked.
        let fd = unsafe { libc::memfd_create(c"mica-memory-image".as_ptr(), libc::MFD_CLOEXEC) };
        if fd < 0 {
            return None;
        }
        // SAFETY: `fd` was just created and is owned by nothing else.
        let fd = unsafe { std::os::fd::OwnedFd::from_raw_fd(fd) };
        let mut file = std::fs::File::from(fd);
        file.write_all(bytes).ok()?;
        file.set_len(len as u64).ok()?;
        Some(MemoryImage {
            fd: file.into(),
            offset,
            len,
            slab: std::sync::OnceLock::new(),
        })
    }

    /// Images are unsupported on this platform.
    #[cfg(not(target_os = "linux"))]
    pub(crate) fn new(_offset: usize, _bytes: &[u8]) -> Option<Self> {
        None
    }
}

/// Slabs of memory slots that hold a module's image, for modules instantiated again and again.
///
/// A slab is one reservation of up to `MAX_SLOTS` slots, each as large as the memory's
/// reservation: as many as keep the slab within `MAX_SLAB_BYTES` of address space and
/// `MAX_DIRTY_BYTES` of initial memory.
/// A slot is prepared once (its initial size made read-write, the image mapped copy-on-write
/// over it), then reused: a dropped memory's slot is only marked dirty, and when no clean slot
/// is left, every run of adjacent dirty slots is reset by one `madvise(MADV_DONTNEED)`, which
/// drops the private pages so the image's pages and zero pages show through again. With one
/// instance alive at a time that is one system call per `slots - 1` instantiations, instead of
/// two per instantiation (map the image, reset the range).
///
/// The cost: a dirty slot keeps the pages its instance wrote until the next reset (at most
/// `slots` memories' worth per module; a memory that grew beyond `KEEP_DIRTY_MAX` is reset
/// when dropped). Pages beyond a slot's current size may stay read-write; as for the pool,
/// every access is bounds-checked against the size, and they are zero.
#[cfg(target_os = "linux")]
mod slab {
    use std::sync::Mutex;

    /// Most slots per slab.
    pub(super) const MAX_SLOTS: usize = 64;
    /// Most address space per slab.
    pub(super) const MAX_SLAB_BYTES: usize = 64 << 30;
    /// Most initial memory (all slots together) a slab may leave dirty.
    pub(super) const MAX_DIRTY_BYTES: usize = 256 << 20;
    /// Slots larger than this (read-write bytes) are reset when dropped, not kept dirty.
    pub(super) const KEEP_DIRTY_MAX: usize = 64 << 20;
    /// Largest reservation per slot (a 32-bit memory's 4 GiB plus slack).
    const MAX_STRIDE: usize = 8 << 30;

    pub(crate) struct ImageSlab {
        base: *mut u8,
        /// Number of slots.
        slots: usize,
        /// Bytes per slot (the memory's reservation).
        stride: usize,
        /// Read-write bytes a slot starts with (the memory's initial size, page-aligned).
        initial: usize,
        /// Where the image goes in each slot, and its file.
        image_offset: usize,
        image_len: usize,
        fd: std::os::fd::OwnedFd,
        state: Mutex<State>,
    }

    #[derive(Default)]
    struct State {
        /// Slots prepared so far (slots `0..prepared`).
        prepared: usize,
        /// Clean slots and their read-write prefix.
        clean: Vec<(usize, usize)>,
        /// Dropped slots not reset yet, and their read-write prefix.
        dirty: Vec<(usize, usize)>,
        /// Slots whose image was replaced by zeroes ([`ImageSlab::zero_slot`]): mapped again
        /// when reset.
        unimaged: Vec<usize>,
    }

    // SAFETY: `base` is the slab's own reservation; slots are handed out to one memory at a
    // time under the mutex, and the slab itself only touches slots nobody holds.
    unsafe impl Send for ImageSlab {}
    // SAFETY: as above; all mutable state is behind the mutex.
    unsafe impl Sync for ImageSlab {}

    impl ImageSlab {
        /// Reserves a slab for memories reserving `stride` bytes with `initial` accessible, the
        /// image (`fd`, duplicated) at `image_offset`.
        pub(super) fn new(
            stride: usize,
            initial: usize,
            image_offset: usize,
            image_len: usize,
            fd: std::os::fd::BorrowedFd<'_>,
        ) -> Option<ImageSlab> {
            if stride > MAX_STRIDE || stride % super::HOST_PAGE != 0 {
                return None;
            }
            let slots = (MAX_SLAB_BYTES / stride)
                .min(MAX_DIRTY_BYTES / initial.max(1))
                .min(MAX_SLOTS);
            if slots < 2 {
                return None;
            }
            let fd = fd.try_clone_to_owned().ok()?;
            let initial = initial.checked_next_multiple_of(super::HOST_PAGE)?;
            // SAFETY: an anonymous inaccessible reservation at an address of the kernel's
            // choice; nothing else is affected; checked against MAP_FAILED.
            let base = unsafe {
                libc::mmap(
                    std::ptr::null_mut(),
                    stride.checked_mul(slots)?,
                    libc::PROT_NONE,
                    libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE,
                    -1,
                    0,
                )
            };
            if base == libc::MAP_FAILED {
                return None;
            }
            Some(ImageSlab {
                base: base.cast(),
                slots,
                stride,
                initial,
                image_offset,
                image_len,
                fd,
                state: Mutex::new(State::default()),
            })
        }

        fn slot_base(&self, index: usize) -> *mut u8 {
            // SAFETY: `index < self.slots`, so the address is inside the reservation.
            unsafe { self.base.add(index * self.stride) }
        }

        /// Maps the image over slot `index` (replacing whatever is there).
        fn map_image(&self, index: usize) -> bool {
            use std::os::fd::AsRawFd;
            // SAFETY: the range is inside slot `index`, which nobody holds (being prepared or
            // reset); MAP_FIXED replaces only those pages with a private view of the image.
            let p = unsafe {
                libc::mmap(
                    self.slot_base(index).add(self.image_offset).cast(),
                    self.image_len,
                    libc::PROT_READ | libc::PROT_WRITE,
                    libc::MAP_PRIVATE | libc::MAP_FIXED,
                    self.fd.as_raw_fd(),
                    0,
                )
            };
            p != libc::MAP_FAILED
        }

        /// A clean slot for a memory reserving `stride` bytes: (index, base, read-write prefix).
        pub(super) fn take(&self, stride: usize) -> Option<(usize, *mut u8, usize)> {
            if stride != self.stride {
                return None;
            }
            let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
            // A clean slot, else a new one while the slab has room (so dirty slots pile up
            // and are reset together), else the dirty ones reset.
            if st.clean.is_empty() && st.prepared == self.slots && !st.dirty.is_empty() {
                self.reset_dirty(&mut st);
            }
            if let Some((index, accessible)) = st.clean.pop() {
                return Some((index, self.slot_base(index), accessible));
            }
            if st.prepared == self.slots {
                return None;
            }
            let index = st.prepared;
            // SAFETY: slot `index` has never been handed out; make its initial size
            // read-write (it is inside the reservation).
            let ok = unsafe {
                libc::mprotect(
                    self.slot_base(index).cast(),
                    self.initial,
                    libc::PROT_READ | libc::PROT_WRITE,
                ) == 0
            };
            if !ok || !self.map_image(index) {
                return None;
            }
            st.prepared += 1;
            Some((index, self.slot_base(index), self.initial))
        }

        /// Resets every dirty slot, one `madvise` per run of adjacent ones.
        fn reset_dirty(&self, st: &mut State) {
            st.dirty.sort_unstable();
            let mut i = 0;
            while i < st.dirty.len() {
                let mut j = i + 1;
                while j < st.dirty.len() && st.dirty[j].0 == st.dirty[j - 1].0 + 1 {
                    j += 1;
                }
                let (first, last) = (st.dirty[i].0, st.dirty[j - 1].0);
                // SAFETY: the range covers slots `first..=last`, all dirty (dropped, held by
                // nobody); MADV_DONTNEED drops their private pages, so the image file's pages
                // and zero pages show through again.
                let ok = unsafe {
                    libc::madvise(
                        self.slot_base(first).cast(),
                        (last - first + 1) * self.stride,
                        libc::MADV_DONTNEED,
                    ) == 0
                };
                // A slot whose reset failed leaves the slab's circulation.
                for k in i..j {
                    let (index, accessible) = st.dirty[k];
                    let reimage = st.unimaged.contains(&index);
                    if ok && (!reimage || self.map_image(index)) {
                        st.clean.push((index, accessible));
                    }
                }
                i = j;
            }
            st.dirty.clear();
            st.unimaged.clear();
        }

        /// Takes back slot `index` of a dropped memory with `accessible` read-write bytes.
        pub(super) fn give(&self, index: usize, accessible: usize) {
            let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
            st.dirty.push((index, accessible));
            if accessible > KEEP_DIRTY_MAX {
                self.reset_dirty(&mut st);
            }
        }

        /// Replaces the image in slot `index` (held by the caller) with zero pages; the image is
        /// mapped again before the slot is reused.
        pub(super) fn zero_slot(&self, index: usize) {
            // SAFETY: the range is the image's place in the caller's own slot; MAP_FIXED
            // replaces exactly those pages with fresh zero pages.
            let p = unsafe {
                libc::mmap(
                    self.slot_base(index).add(self.image_offset).cast(),
                    self.image_len,
                    libc::PROT_READ | libc::PROT_WRITE,
                    libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_FIXED,
                    -1,
                    0,
                )
            };
            if p == libc::MAP_FAILED {
                // Cannot happen short of kernel resource exhaustion; zero by hand then.
                // SAFETY: the caller's own read-write image range.
                unsafe {
                    std::ptr::write_bytes(
                        self.slot_base(index).add(self.image_offset),
                        0,
                        self.image_len,
                    )
                };
            }
            let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
            st.unimaged.push(index);
        }
    }

    impl Drop for ImageSlab {
        fn drop(&mut self) {
            // SAFETY: the slab's own reservation; every memory holding a slot keeps the slab
            // alive (`Arc`), so no slot is in use.
            unsafe {
                libc::munmap(self.base.cast(), self.stride * self.slots);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{LinearMemory, MemoryImage};

    #[test]
    fn grows_in_place_with_zeroes() {
        let mut m = LinearMemory::new(65536, 4 * 65536).unwrap();
        let base = m.as_ptr();
        m[65535] = 7;
        assert!(m.grow_to(3 * 65536));
        assert_eq!(m.len(), 3 * 65536);
        assert_eq!(m[65535], 7);
        assert!(m[65536..].iter().all(|&b| b == 0));
        assert!(!m.grow_to(5 * 65536), "over the maximum");
        #[cfg(unix)]
        assert_eq!(m.as_ptr(), base, "mapped memories never move");
        let _ = base;
    }

    /// A recycled reservation comes back zeroed, whatever the previous memory wrote or mapped,
    /// and growth works again from its smaller size.
    #[test]
    #[cfg(unix)]
    fn recycled_reservations_are_zeroed() {
        // A maximum no other test uses, so this test's reservations are its own.
        let (initial, max) = (2 * 65536, 7 * 65536);
        let image = MemoryImage::new(0, &[9; 100]);
        let mut bases = Vec::new();
        for round in 0..6 {
            let mut m = LinearMemory::new(initial, max).unwrap();
            assert_eq!(m.len(), initial);
            assert!(m.iter().all(|&b| b == 0), "round {round}: not zero");
            bases.push(m.as_ptr() as usize);
            if let Some(image) = &image {
                if round % 2 == 0 {
                    assert!(m.map_image(image));
                    assert_eq!(m[99], 9);
                }
            }
            m.fill(0xa5);
            assert!(m.grow_to(5 * 65536));
            assert!(
                m[initial..].iter().all(|&b| b == 0),
                "round {round}: grown part"
            );
            m.fill(0x5a);
        }
        bases.sort_unstable();
        bases.dedup();
        assert!(bases.len() < 6, "reservations were not reused: {bases:?}");
    }

    /// A recycled reservation whose pages were partly touched comes back zeroed, whether its
    /// prefix was zeroed in place (few runs of touched pages) or dropped (many runs).
    #[test]
    #[cfg(unix)]
    fn recycled_reservations_with_scattered_pages_are_zeroed() {
        // A maximum no other test uses, so this test's reservations are its own.
        let (initial, max) = (4 * 65536, 11 * 65536);
        for stride in [65536, 3 * 4096, 8192] {
            let mut bases = Vec::new();
            for round in 0..4 {
                let mut m = LinearMemory::new(initial, max).unwrap();
                bases.push(m.as_ptr() as usize);
                assert!(
                    m.iter().all(|&b| b == 0),
                    "stride {stride} round {round}: not zero"
                );
                for at in (100..initial).step_by(stride) {
                    m[at] = 0x5a;
                }
            }
            bases.sort_unstable();
            bases.dedup();
            assert!(bases.len() < 4, "reservations were not reused: {bases:?}");
        }
    }

    #[test]
    fn image_is_copy_on_write() {
        let Some(image) = MemoryImage::new(65536, &[1, 2, 3, 4]) else {
            return;
        };
        let mut a = LinearMemory::new(2 * 65536, 2 * 65536).unwrap();
        let mut b = LinearMemory::new(2 * 65536, 2 * 65536).unwrap();
        if !a.map_image(&image) || !b.map_image(&image) {
            return;
        }
        assert_eq!(&a[65536..65540], &[1, 2, 3, 4]);
        a[65536] = 9;
        assert_eq!(b[65536], 1, "a write to one instance's memory is private");
        assert_eq!(a[65540], 0);
        assert!(a.grow_to(2 * 65536));
    }

    #[test]
    fn zero_sized_memories_work() {
        let mut m = LinearMemory::new(0, 0).unwrap();
        assert!(m.is_empty());
        assert!(!m.grow_to(1));
        let mut m = LinearMemory::new(0, 65536).unwrap();
        assert!(m.grow_to(65536));
        m[0] = 1;
    }
}
