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

# Runs a command with its output discarded and prints "seconds peak-KiB" (GNU time); on failure shows its stderr.
# Uses the caller's $work folder for time's output and the command's stderr ($work/stderr).
measure() { # COMMAND…
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>"$work/stderr" || { cat "$work/stderr" >&2; return 1; }
    cat "$work/time"
}

# A monotonic clock reading in seconds, for timing several commands together.
seconds() { python3 -c 'import time; print(f"{time.monotonic():.6f}")'; }

# A ÷ B as "1.23×".
ratio() { python3 -c "import sys; print(f'{float(sys.argv[1]) / float(sys.argv[2]):.2f}×')" "$1" "$2"; }

# A whole number with thousands separators: 12,345.
grouped() { python3 -c "import sys; print(f'{int(sys.argv[1]):,}')" "$1"; }

# The release bench executable NAME beside $bin (built first when missing); sets bench.
bench_executable() { # NAME
    bench="$(dirname "$bin")/$1"
    if [ ! -x "$bench" ]; then
        (cd "$here/.." && swift build -c release --product "$1" >&2)
    fi
}

# The command prefix that keeps a run to one core (taskset -c 0, when there is taskset), so figures are per core;
# sets one_core.
one_core=()
command -v taskset >/dev/null && one_core=(taskset -c 0)
