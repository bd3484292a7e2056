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
    Mapped { reserved: usize, accessible: usize },
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
            },
        };
        if initial > 0 && !m.make_accessible(0, initial) {
            return None; // dropping `m` releases the reservation
        }
        m.len = initial;
        Some(m)
    }

    /// Makes `[from, to)` of a mapped memory readable and writable.
    #[cfg(unix)]
    fn make_accessible(&mut self, from: usize, to: usize) -> bool {
        let Storage::Mapped {
            reserved,
            accessible,
        } = &mut self.storage
        else {
            return false;
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
            Storage::Mapped { .. } => {
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
        #[cfg(unix)]
        if let Storage::Mapped {
            reserved,
            accessible,
        } = self.storage
        {
            // Nothing refers to the range once the memory is dropped: it goes back to the pool
            // (reset to zero pages) or is unmapped.
            pool::give(self.ptr, reserved, accessible);
        }
    }
}

/// The process-wide pool of recycled reservations.
#[cfg(unix)]
mod pool {
    use std::sync::Mutex;

    /// How many reservations are kept (each is only address space: its pages are discarded).
    const CAPACITY: usize = 16;

    /// Free reservations: (base address, reserved bytes, read-write prefix bytes).
    static FREE: Mutex<Vec<(usize, usize, usize)>> = Mutex::new(Vec::new());

    /// A free reservation of exactly `reserved` bytes, with its zeroed read-write prefix length.
    pub(super) fn take(reserved: usize) -> Option<(*mut u8, usize)> {
        let mut free = FREE.lock().unwrap_or_else(|e| e.into_inner());
        let i = free.iter().rposition(|&(_, r, _)| r == reserved)?;
        let (base, _, accessible) = free.swap_remove(i);
        Some((base as *mut u8, accessible))
    }

    /// Takes back a reservation made by `LinearMemory`: resets its read-write prefix to zero
    /// pages and keeps it, or unmaps it when the pool is full or the reset fails.
    pub(super) fn give(ptr: *mut u8, reserved: usize, accessible: usize) {
        let reset = accessible == 0 || {
            // SAFETY: `[ptr, ptr + accessible)` is the read-write prefix of a reservation the
            // dropped memory owned; MAP_FIXED replaces exactly those pages (including any image
            // mapping) with fresh zero pages, and nothing else refers to them.
            let p = unsafe {
                libc::mmap(
                    ptr.cast(),
                    accessible,
                    libc::PROT_READ | libc::PROT_WRITE,
                    libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE | libc::MAP_FIXED,
                    -1,
                    0,
                )
            };
            p != libc::MAP_FAILED
        };
        if reset {
            let mut free = FREE.lock().unwrap_or_else(|e| e.into_inner());
            if free.len() < CAPACITY {
                free.push((ptr as usize, reserved, accessible));
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
        })
    }

    /// Images are unsupported on this platform.
    #[cfg(not(target_os = "linux"))]
    pub(crate) fn new(_offset: usize, _bytes: &[u8]) -> Option<Self> {
        None
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
