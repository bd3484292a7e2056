(module
  (import "host" "id" (func $host_id (param i32) (result i32)))
  ;; Host -> wasm: the host calls this many times.
  (func (export "id") (param i32) (result i32) (local.get 0))
  ;; Wasm -> host: calls the host's identity n times.
  (func (export "call_host") (param $n i32) (result i32) (local $acc i32)
    (block $d (loop $l
      (br_if $d (i32.eqz (local.get $n)))
      (local.set $acc (i32.add (local.get $acc) (call $host_id (local.get $n))))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $l)))
    (local.get $acc)))
