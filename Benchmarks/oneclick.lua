-- wrk script for Benchmarks/bench-serve.sh: RFC 8058 one-click unsubscribe POSTs, each with the next token of
-- the file given after `--`; the threads (their count follows the file) start at different places in the list.
local tokens = {}
local next_index = 0
local thread_count = 0

function setup(thread)
    thread:set("thread_number", thread_count)
    thread_count = thread_count + 1
end

function init(args)
    for line in io.lines(args[1]) do
        if #line > 0 then tokens[#tokens + 1] = line end
    end
    next_index = math.floor((thread_number or 0) * #tokens / (tonumber(args[2]) or 1))
end

function request()
    next_index = next_index + 1
    local token = tokens[(next_index % #tokens) + 1]
    return wrk.format("POST", "/unsubscribe?token=" .. token,
        { ["Content-Type"] = "application/x-www-form-urlencoded" }, "List-Unsubscribe=One-Click")
end
