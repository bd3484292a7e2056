;; Found by fuzz-driver (differential, seed 7, input 53706), reduced by hand: wasmi 2.0.0 panics
;; (`unreachable!()` at engine/translator/func/mod.rs:2583) while compiling a store whose address
;; and value are the same register and whose offset does not fit 16 bits. mica compiles and runs it.
(module
  (memory 1)
  (table 1 externref)
  (func (export "f") (param i32)
    table.size 0
    local.tee 0
    local.get 0
    i32.store offset=156056))
