"""GAI604 against a C library that frees its results with its own function."""
import ctypes
from ctypes import *

_lib = ctypes.cdll.LoadLibrary("libinfer.so")
_lib.infer_free_string.argtypes = [ctypes.c_void_p]

_lib.infer_run.restype = ctypes.c_char_p  # want "GAI604 `_lib.infer_run.restype = c_char_p`.*`_lib.infer_free_string`"
_lib.infer_describe.restype = c_char_p  # want "GAI604 infer_describe"
_lib.infer_tokenize.restype = ctypes.c_char_p  # want "GAI604 infer_tokenize"
_lib.infer_version.restype = c_char_p  # ok: GAI604 a static version string
_lib.infer_last_error.restype = c_char_p  # ok: GAI604 static error text
_lib.infer_count.restype = ctypes.c_size_t  # ok: GAI604 a number
_lib.infer_buffer.restype = ctypes.POINTER(ctypes.c_char)  # ok: GAI604 a pointer is kept
_lib.infer_result.restype = ctypes.c_void_p  # ok: GAI604 kept as a pointer

import torch  # noqa: E402  (this bridge also hands tensors over)


def run(prompt: str) -> str:
    return _lib.infer_run(prompt.encode()).decode()
