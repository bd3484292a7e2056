;; A WASI command exercising files in the preopened directory fd 3 and the environment:
;;   mkdir out; write out/tmp.txt; rename it to out/final.txt; read it back and echo it to
;;   stdout; create and unlink junk.txt; print environ[0]; then proc_exit(7).
;; A failing step N exits with status 10 + N; an unexpected environment size exits with 99.
;; Expects exactly one environment variable. Used by tests/programs.rs; also handy for
;; `mica run --dir HOST::/ --env K=V tests/programs/fs_ops.wat`.
(module
  (import "wasi_snapshot_preview1" "path_create_directory"
    (func $mkdir (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_close" (func $close (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_rename"
    (func $rename (param i32 i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_unlink_file"
    (func $unlink (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_sizes_get"
    (func $env_sizes (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_get" (func $env_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))

  (memory (export "memory") 1)
  (data (i32.const 100) "out")                ;; 3 bytes
  (data (i32.const 120) "out/tmp.txt")        ;; 11
  (data (i32.const 140) "out/final.txt")      ;; 13
  (data (i32.const 160) "junk.txt")           ;; 8
  (data (i32.const 200) "written by wasm\n")  ;; 16
  ;; 300: one iovec; 308, 312: results; 400: read buffer; 1000: environ; 2000: environ_buf

  (func $check (param $errno i32) (param $step i32)
    (if (local.get $errno)
      (then (call $exit (i32.add (i32.const 10) (local.get $step))))))

  (func $iov (param $buf i32) (param $len i32)
    (i32.store (i32.const 300) (local.get $buf))
    (i32.store (i32.const 304) (local.get $len)))

  (func $strlen (param $p i32) (result i32) (local $n i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (i32.load8_u (i32.add (local.get $p) (local.get $n)))))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (br $next)))
    (local.get $n))

  (func (export "_start") (local $fd i32) (local $n i32) (local $p i32)
    ;; 1: mkdir out
    (call $check (call $mkdir (i32.const 3) (i32.const 100) (i32.const 3)) (i32.const 1))
    ;; 2: open out/tmp.txt with CREAT|TRUNC, rights FD_READ|FD_WRITE
    (call $check
      (call $open (i32.const 3) (i32.const 0) (i32.const 120) (i32.const 11) (i32.const 9)
        (i64.const 66) (i64.const 0) (i32.const 0) (i32.const 308))
      (i32.const 2))
    (local.set $fd (i32.load (i32.const 308)))
    ;; 3: write the text; 4: close
    (call $iov (i32.const 200) (i32.const 16))
    (call $check (call $write (local.get $fd) (i32.const 300) (i32.const 1) (i32.const 308))
      (i32.const 3))
    (call $check (call $close (local.get $fd)) (i32.const 4))
    ;; 5: rename to out/final.txt
    (call $check
      (call $rename (i32.const 3) (i32.const 120) (i32.const 11)
        (i32.const 3) (i32.const 140) (i32.const 13))
      (i32.const 5))
    ;; 6: open it read-only; 7: read; 8: echo to stdout; 9: close
    (call $check
      (call $open (i32.const 3) (i32.const 0) (i32.const 140) (i32.const 13) (i32.const 0)
        (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 308))
      (i32.const 6))
    (local.set $fd (i32.load (i32.const 308)))
    (call $iov (i32.const 400) (i32.const 64))
    (call $check (call $read (local.get $fd) (i32.const 300) (i32.const 1) (i32.const 308))
      (i32.const 7))
    (local.set $n (i32.load (i32.const 308)))
    (call $iov (i32.const 400) (local.get $n))
    (call $check (call $write (i32.const 1) (i32.const 300) (i32.const 1) (i32.const 308))
      (i32.const 8))
    (call $check (call $close (local.get $fd)) (i32.const 9))
    ;; 10, 11: create junk.txt and close it; 12: unlink it
    (call $check
      (call $open (i32.const 3) (i32.const 0) (i32.const 160) (i32.const 8) (i32.const 1)
        (i64.const 66) (i64.const 0) (i32.const 0) (i32.const 308))
      (i32.const 10))
    (call $check (call $close (i32.load (i32.const 308))) (i32.const 11))
    (call $check (call $unlink (i32.const 3) (i32.const 160) (i32.const 8)) (i32.const 12))
    ;; 13, 14: read the environment; 15: print environ[0]
    (call $check (call $env_sizes (i32.const 308) (i32.const 312)) (i32.const 13))
    (if (i32.ne (i32.load (i32.const 308)) (i32.const 1)) (then (call $exit (i32.const 99))))
    (call $check (call $env_get (i32.const 1000) (i32.const 2000)) (i32.const 14))
    (local.set $p (i32.load (i32.const 1000)))
    (call $iov (local.get $p) (call $strlen (local.get $p)))
    (call $check (call $write (i32.const 1) (i32.const 300) (i32.const 1) (i32.const 308))
      (i32.const 15))
    (call $exit (i32.const 7))))
