-- wrk script for tests/bench/http_bench.sh: rotates through the requests of a file, one a line,
--   METHOD PATH [CONTENT-TYPE BODY]
-- BODY "@FILE" is read from FILE. "{flip}" in a body becomes true on odd passes over the lines
-- and false on even ones, so every PATCH changes its row. Each thread starts at its own line.
-- Environment: BENCH_REQUESTS (the file), BENCH_TOKEN (bearer token). Paced clients (a probe, a
-- writer) are http_bench_paced.py's.
-- done() prints one line the shell script parses:
--   RESULT requests duration_us p50_us p99_us non2xx socket_errors

local threads = {}

function setup(thread)
  thread:set("thread_index", #threads)
  table.insert(threads, thread)
end

local function read_file(name)
  local f = assert(io.open(name, "rb"))
  local text = f:read("*a")
  f:close()
  return text
end

local function parse(line)
  local method, path, content_type, body = line:match("^(%S+)%s+(%S+)%s*(%S*)%s*(.*)$")
  if body ~= "" and body:sub(1, 1) == "@" then body = read_file(body:sub(2)) end
  return method, path, content_type, body
end

local passes = { {}, {} }  -- the formatted requests with {flip} as true, then as false
local position = 1
local pass = 1

function init(args)
  local token = os.getenv("BENCH_TOKEN")
  for line in io.lines(os.getenv("BENCH_REQUESTS")) do
    if line ~= "" then
      local method, path, content_type, body = parse(line)
      local headers = { ["Authorization"] = token and ("Bearer " .. token) or nil }
      if content_type ~= "" then headers["Content-Type"] = content_type end
      for i, flip in ipairs({ "true", "false" }) do
        local b = body ~= "" and body:gsub("{flip}", flip) or nil
        table.insert(passes[i], wrk.format(method, path, headers, b))
      end
    end
  end
  local count = #passes[1]
  position = (thread_index or 0) * math.floor(count / 2) % count + 1
end

function request()
  local r = passes[pass][position]
  position = position + 1
  if position > #passes[pass] then
    position = 1
    pass = 3 - pass
  end
  return r
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %d %d %d\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), e.status,
    e.connect + e.read + e.write + e.timeout))
end
