/*
 * coremix: a CoreMark-style mixed workload written for mica's benchmarks.
 *
 * Four kernels per iteration, each feeding a running CRC so nothing can be optimised away:
 *   - list:   build, search, reverse and merge-sort a linked list stored in a static pool
 *   - matrix: int16 matrix multiply-accumulate with constant add and bit extraction
 *   - state:  a switch-driven state machine scanning a generated "number" string
 *   - crc:    CRC-16 over the results
 * Built as a freestanding wasm32 module exporting `run(iterations) -> checksum`, with no
 * imports, so every runtime can run it without WASI.
 */
#include <stdint.h>

#define LIST_N 128
#define MAT_N 24
#define STR_N 256

typedef struct node {
    struct node *next;
    int16_t key;
    int16_t val;
} node;

static node pool[LIST_N];
static int16_t ma[MAT_N * MAT_N], mb[MAT_N * MAT_N];
static int32_t mc[MAT_N * MAT_N];
static char text[STR_N];
static uint32_t seed = 0x12345678u;

static uint32_t rnd(void) {
    seed ^= seed << 13;
    seed ^= seed >> 17;
    seed ^= seed << 5;
    return seed;
}

static uint16_t crc16_byte(uint8_t data, uint16_t crc) {
    for (int i = 0; i < 8; i++) {
        uint8_t x = (uint8_t)((data & 1) ^ (crc & 1));
        data >>= 1;
        if (x) crc = (uint16_t)((crc ^ 0x4002) >> 1) | 0x8000;
        else crc >>= 1;
    }
    return crc;
}

static uint16_t crc16(uint32_t v, uint16_t crc) {
    crc = crc16_byte((uint8_t)v, crc);
    crc = crc16_byte((uint8_t)(v >> 8), crc);
    crc = crc16_byte((uint8_t)(v >> 16), crc);
    return crc16_byte((uint8_t)(v >> 24), crc);
}

static node *list_build(void) {
    node *head = 0;
    for (int i = 0; i < LIST_N; i++) {
        pool[i].key = (int16_t)(rnd() & 0x3ff);
        pool[i].val = (int16_t)i;
        pool[i].next = head;
        head = &pool[i];
    }
    return head;
}

static node *list_reverse(node *l) {
    node *prev = 0;
    while (l) {
        node *n = l->next;
        l->next = prev;
        prev = l;
        l = n;
    }
    return prev;
}

static node *list_find(node *l, int16_t key) {
    while (l && l->key != key) l = l->next;
    return l;
}

static node *list_merge_sort(node *l) {
    /* Bottom-up merge sort (no recursion). */
    int insize = 1;
    if (!l) return l;
    for (;;) {
        node *p = l, *tail = 0;
        int merges = 0;
        l = 0;
        while (p) {
            node *q = p;
            int psize = 0, qsize = insize;
            merges++;
            for (int i = 0; i < insize && q; i++) {
                psize++;
                q = q->next;
            }
            while (psize > 0 || (qsize > 0 && q)) {
                node *e;
                if (psize == 0) { e = q; q = q->next; qsize--; }
                else if (qsize == 0 || !q) { e = p; p = p->next; psize--; }
                else if (p->key <= q->key) { e = p; p = p->next; psize--; }
                else { e = q; q = q->next; qsize--; }
                if (tail) tail->next = e; else l = e;
                tail = e;
            }
            p = q;
        }
        tail->next = 0;
        if (merges <= 1) return l;
        insize *= 2;
    }
}

static uint16_t bench_list(uint16_t crc) {
    node *l = list_build();
    for (int i = 0; i < 16; i++) {
        node *f = list_find(l, (int16_t)(rnd() & 0x3ff));
        crc = crc16(f ? (uint32_t)f->val : 0xffffu, crc);
    }
    l = list_reverse(l);
    l = list_merge_sort(l);
    int32_t acc = 0;
    for (node *n = l; n; n = n->next) acc = acc * 31 + n->key;
    return crc16((uint32_t)acc, crc);
}

static uint16_t bench_matrix(uint16_t crc) {
    for (int i = 0; i < MAT_N * MAT_N; i++) {
        ma[i] = (int16_t)(rnd() & 0xff);
        mb[i] = (int16_t)(rnd() & 0xff);
    }
    for (int i = 0; i < MAT_N; i++)
        for (int j = 0; j < MAT_N; j++) {
            int32_t s = 0;
            for (int k = 0; k < MAT_N; k++) s += (int32_t)ma[i * MAT_N + k] * mb[k * MAT_N + j];
            mc[i * MAT_N + j] = s;
        }
    int32_t acc = 0;
    for (int i = 0; i < MAT_N * MAT_N; i++) {
        int32_t v = mc[i] + 7;
        acc += (v >> 2) & 0xf;
        if (v > 100000) acc ^= v;
    }
    return crc16((uint32_t)acc, crc);
}

enum { S_START, S_INT, S_FRAC, S_EXP, S_SIGN, S_INVALID };

static uint16_t bench_state(uint16_t crc) {
    static const char alphabet[] = "0123456789.e-+,x";
    for (int i = 0; i < STR_N; i++) text[i] = alphabet[rnd() & 15];
    int counts[6] = {0, 0, 0, 0, 0, 0};
    int state = S_START;
    for (int i = 0; i < STR_N; i++) {
        char c = text[i];
        if (c == ',') {
            counts[state]++;
            state = S_START;
            continue;
        }
        switch (state) {
        case S_START:
            if (c >= '0' && c <= '9') state = S_INT;
            else if (c == '-' || c == '+') state = S_SIGN;
            else if (c == '.') state = S_FRAC;
            else state = S_INVALID;
            break;
        case S_SIGN:
            state = (c >= '0' && c <= '9') ? S_INT : (c == '.' ? S_FRAC : S_INVALID);
            break;
        case S_INT:
            if (c == '.') state = S_FRAC;
            else if (c == 'e') state = S_EXP;
            else if (!(c >= '0' && c <= '9')) state = S_INVALID;
            break;
        case S_FRAC:
            if (c == 'e') state = S_EXP;
            else if (!(c >= '0' && c <= '9')) state = S_INVALID;
            break;
        case S_EXP:
            if (!(c >= '0' && c <= '9') && c != '-' && c != '+') state = S_INVALID;
            break;
        default:
            break;
        }
    }
    for (int i = 0; i < 6; i++) crc = crc16((uint32_t)counts[i], crc);
    return crc;
}

__attribute__((export_name("run"))) int32_t run(int32_t iterations) {
    uint16_t crc = 0;
    seed = 0x12345678u;
    for (int32_t i = 0; i < iterations; i++) {
        crc = bench_list(crc);
        crc = bench_matrix(crc);
        crc = bench_state(crc);
    }
    return crc;
}
