// A typed wrapper for res_query(3) and the ns_parse(3) calls that read its answer: the TXT records of a name.
#ifndef BULLETIN_CRESOLV_SHIM_H
#define BULLETIN_CRESOLV_SHIM_H

#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <netdb.h>
#include <netinet/in.h>
#include <resolv.h>
#include <string.h>

/// What cresolv_txt found: the name has TXT records; they are in the output.
#define CRESOLV_FOUND 0
/// The DNS answered that the name does not exist, or has no TXT record.
#define CRESOLV_NOT_FOUND 1
/// No answer: no server, a timeout, a server failure, or an answer that could not be read.
#define CRESOLV_UNRESOLVED 2

/// Looks up the TXT records of `name` (class IN) and writes them to `output`: the character-strings of one record
/// joined without separator (RFC 7208 §3.3, RFC 6376 §3.6.2.2), one record per line, NUL-terminated. Asks the
/// servers of /etc/resolv.conf, or only the IPv4 `server` at `port` when `server` is not NULL (one try, 2 s).
/// Returns one of the CRESOLV_ values; an output too small for the answer is CRESOLV_UNRESOLVED.
static inline int cresolv_txt(const char *name, const char *server, int port, char *output, int capacity) {
    unsigned char answer[8192];
    if (capacity < 1) return CRESOLV_UNRESOLVED;
    output[0] = 0;
    struct __res_state state;
    memset(&state, 0, sizeof state);
    if (res_ninit(&state) != 0) return CRESOLV_UNRESOLVED;
    if (server != NULL) {
        struct sockaddr_in address;
        memset(&address, 0, sizeof address);
        address.sin_family = AF_INET;
        address.sin_port = htons((unsigned short)port);
        if (inet_pton(AF_INET, server, &address.sin_addr) != 1) {
            res_nclose(&state);
            return CRESOLV_UNRESOLVED;
        }
        state.nsaddr_list[0] = address;
        state.nscount = 1;
        state.retry = 1;
        state.retrans = 2;
    }
    int length = res_nquery(&state, name, ns_c_in, ns_t_txt, answer, (int)sizeof answer);
    int error = state.res_h_errno;
    res_nclose(&state);
    if (length < 0) {
        return (error == HOST_NOT_FOUND || error == NO_DATA) ? CRESOLV_NOT_FOUND : CRESOLV_UNRESOLVED;
    }
    ns_msg message;
    if (ns_initparse(answer, length, &message) < 0) return CRESOLV_UNRESOLVED;
    int count = ns_msg_count(message, ns_s_an);
    int used = 0;
    int records = 0;
    for (int index = 0; index < count; index++) {
        ns_rr record;
        if (ns_parserr(&message, ns_s_an, index, &record) < 0) return CRESOLV_UNRESOLVED;
        if (ns_rr_type(record) != ns_t_txt) continue;
        const unsigned char *data = ns_rr_rdata(record);
        int remaining = ns_rr_rdlen(record);
        if (records > 0) {
            if (used + 1 >= capacity) return CRESOLV_UNRESOLVED;
            output[used++] = '\n';
        }
        while (remaining > 0) {
            int part = data[0];
            if (part + 1 > remaining || used + part >= capacity) return CRESOLV_UNRESOLVED;
            memcpy(output + used, data + 1, (size_t)part);
            used += part;
            data += part + 1;
            remaining -= part + 1;
        }
        records++;
    }
    output[used] = 0;
    return records > 0 ? CRESOLV_FOUND : CRESOLV_NOT_FOUND;
}

#endif
