"""GAI604 against the Go library next to this file."""
import ctypes
import ctypes as C
from ctypes import CDLL, c_char_p, c_int, c_void_p

lib = ctypes.CDLL("./libbridge.so")

lib.Tokenize.argtypes = [ctypes.c_char_p]
lib.Tokenize.restype = ctypes.c_char_p  # want "GAI604 `lib.Tokenize.restype = c_char_p` \(line 9\).*Go function `Tokenize` \(tests/py_samples/GAI604/gobridge/bridge.go:16"

lib.Classify.restype = c_char_p  # want "GAI604 `Classify`"

lib["ModelInfo"].restype = C.c_char_p  # want "GAI604 `ModelInfo`"

detok = getattr(lib, "Detokenize")
detok.restype = c_char_p  # want "GAI604 `Detokenize`.*free it with `lib.FreeString\(ptr\)`"

embed = lib.Embed
embed.restype = ctypes.c_char_p  # want "GAI604 Embed"

lib.Count.restype = c_int  # ok: GAI604 an int result
lib.FreeString.argtypes = [c_void_p]  # ok: GAI604 the free function
lib.Version.restype = c_void_p  # ok: GAI604 the pointer is kept and can be freed

lib.Tokenize.argtypes = [c_char_p]  # ok: GAI604 c_char_p arguments are copied into Go by C.GoString

# Later the same function is fixed: keep the pointer.
lib.Classify.errcheck = None  # ok: GAI604 errcheck is no restype


class Bridge:
    def __init__(self, path):
        self._lib = CDLL(path)
        self._lib.Tokenize.restype = c_char_p  # want "GAI604 self._lib.Tokenize"
        self._lib.Version.restype = c_void_p  # ok: GAI604 c_void_p

    def tokenize(self, text):
        return self._lib.Tokenize(text.encode()).decode()


def tokenize_fixed(text: str) -> str:
    lib.Tokenize.restype = ctypes.c_void_p  # ok: GAI604 fixed: c_void_p, string_at, FreeString
    ptr = lib.Tokenize(text.encode())
    try:
        return ctypes.string_at(ptr).decode()
    finally:
        lib.FreeString(ptr)
