# Helpers the bench-*.sh scripts share; source it with `. "$here/lib.sh"`.

# A TCP port on 127.0.0.1 that nothing listens on now.
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Waits up to 5 s until something accepts connections on 127.0.0.1:PORT; stops the benchmark (exit 69) if
# nothing does, naming WHAT did not start.
wait_for_port() { # PORT WHAT
    python3 - "$1" "$2" <<'PY'
import socket, sys, time
for _ in range(100):
    try:
        socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1).close()
        sys.exit(0)
    except OSError:
        time.sleep(0.05)
print(f"bench: {sys.argv[2]} did not start on 127.0.0.1:{sys.argv[1]}", file=sys.stderr)
sys.exit(69)
PY
}

# Starts Postfix's smtp-sink ($sink) on 127.0.0.1:PORT in the background (as nobody when root) and waits for it;
# sets sink_pid.
start_sink() { # PORT
    local user=()
    [ "$(id -u)" -eq 0 ] && user=(-u nobody)
    "$sink" "${user[@]}" 127.0.0.1:"$1" 256 &
    sink_pid=$!
    wait_for_port "$1" smtp-sink
}
