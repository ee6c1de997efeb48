"""GAI604 near misses: c_char_p results nobody has to free."""
import ctypes
from ctypes import c_char_p, c_void_p

libc = ctypes.CDLL(None)
libc.getenv.restype = c_char_p  # ok: GAI604 getenv returns static process memory
libc.strerror.restype = ctypes.c_char_p  # ok: GAI604 static error text

sqlite = ctypes.CDLL("libsqlite3.so")
sqlite.sqlite3_libversion.restype = c_char_p  # ok: GAI604 a static version string
sqlite.sqlite3_errmsg.restype = c_char_p  # ok: GAI604 owned by the connection

cuda = ctypes.CDLL("libcudart.so")
cuda.cudaGetErrorString.restype = ctypes.c_char_p  # ok: GAI604 static strings
cuda.cudaGetErrorName.restype = c_char_p  # ok: GAI604 static strings
cuda.cudaMalloc.restype = ctypes.c_int  # ok: GAI604 a status

restype = c_char_p  # ok: GAI604 a plain variable, no function
