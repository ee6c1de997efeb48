"""GAI604: more ways to reach the same Go exports."""
from ctypes import *

import ctypes

lib2 = ctypes.cdll.LoadLibrary("./libbridge.so")
lib2.Embed.restype = c_char_p  # want "GAI604 Go function `Embed`"

fn = lib2.Classify
fn.restype = c_char_p  # want "GAI604 Classify"

tok = lib2["Tokenize"]
tok.restype = ctypes.c_char_p  # want "GAI604 Tokenize"

lib2.ModelInfo.restype = c_char_p  # want "GAI604 ModelInfo"
lib2.Count.restype = c_char_p  # ok: GAI604 Count returns C.int in Go; no free function of lib2 here either
lib2.Version.restype = c_void_p  # ok: GAI604 kept as a pointer
lib2.Lookup.restype = c_char_p  # ok: GAI604 the Go side keeps the pointer in a table and frees it by id (ReleaseLookup)
lib2.Tokenize.argtypes, lib2.Tokenize.restype = [c_char_p], c_char_p  # want "GAI604 lib2.Tokenize"
