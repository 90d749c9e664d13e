// bench scenario 5, context: an idle Swift process (built with and without Foundation, static stdlib).
#if WITH_FOUNDATION
import Foundation
print("ready \(Date().timeIntervalSince1970 > 0)")
#else
print("ready")
#endif
#if canImport(Glibc)
import Glibc
#endif
fflush(stdout)
sleep(3)
