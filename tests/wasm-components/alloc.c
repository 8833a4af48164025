/* A bump allocator behind cabi_realloc. Every export's cabi_post_ function resets it: the provider keeps no
 * memory between calls (state lives in the host's state-store). */
#include "cabi.h"

extern unsigned char __heap_base;
static uintptr_t heap_top;

void *memcpy(void *dst, const void *src, size_t n) {
  __builtin_memcpy(dst, src, n); /* memory.copy with -mbulk-memory */
  return dst;
}

void *memset(void *dst, int c, size_t n) {
  __builtin_memset(dst, c, n); /* memory.fill */
  return dst;
}

void heap_reset(void) { heap_top = (uintptr_t)&__heap_base; }

void *heap_alloc(size_t align, size_t size) {
  if (heap_top == 0) heap_reset();
  uintptr_t p = (heap_top + align - 1) & ~(uintptr_t)(align - 1);
  uintptr_t end = p + size;
  uintptr_t limit = __builtin_wasm_memory_size(0) * 65536u;
  if (end > limit) {
    size_t pages = (end - limit + 65535u) / 65536u;
    if (__builtin_wasm_memory_grow(0, pages) == (size_t)-1) __builtin_trap();
  }
  heap_top = end;
  return (void *)p;
}

EXPORT("cabi_realloc")
void *cabi_realloc(void *old_ptr, size_t old_size, size_t align, size_t new_size) {
  if (old_ptr && new_size <= old_size) return old_ptr;
  void *p = heap_alloc(align, new_size);
  if (old_ptr) memcpy(p, old_ptr, old_size);
  return p;
}
