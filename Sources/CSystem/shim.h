#ifndef CSYSTEM_SHIM_H
#define CSYSTEM_SHIM_H
/* Linux calls that Swift's Glibc module does not bring in:
   <sys/epoll.h> and <sys/eventfd.h> are not part of it, and accept4 needs _GNU_SOURCE. */
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/resource.h>
#include <netinet/tcp.h>
#include <pthread.h>

int accept4(int sockfd, struct sockaddr *addr, socklen_t *addrlen, int flags);

static inline int csystem_accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags) {
    return accept4(fd, addr, len, flags);
}
/* pthread_setname_np needs _GNU_SOURCE too; named threads show up in top -H and gdb. */
int pthread_setname_np(pthread_t thread, const char *name);
static inline int csystem_set_thread_name(pthread_t thread, const char *name) {
    return pthread_setname_np(thread, name);
}
/* EPOLLIN etc. arrive as an enum in some libc versions and as macros in others. */
static inline uint32_t csystem_epollin(void) { return EPOLLIN; }
static inline uint32_t csystem_epollout(void) { return EPOLLOUT; }
static inline uint32_t csystem_epollrdhup(void) { return EPOLLRDHUP; }
static inline uint32_t csystem_epollhup(void) { return EPOLLHUP; }
static inline uint32_t csystem_epollerr(void) { return EPOLLERR; }
static inline uint32_t csystem_epollet(void) { return EPOLLET; }
static inline uint32_t csystem_epolloneshot(void) { return EPOLLONESHOT; }
#endif
