-- wrk script for the relay bench (bench.ts runs it for the maximum rate):
--   wrk -t1 -c256 -d10s --latency -s bench/signup.lua http://127.0.0.1:PORT/v1/signups -- PREFIX
-- Each request: a new Idempotency-Key and a new email, so every one is a real, distinct submission.
-- PREFIX (8 hex digits, one per wrk process) starts every key and email: two wrk processes started in
-- the same second seed the same random numbers, and without it would send the same keys to two relays.
local counter = 0
local thread_id = 0
function setup(thread) thread:set("tid", thread_id); thread_id = thread_id + 1 end
local prefix = "00000000"
local function uuid()
  local t = prefix .. "-xxxx-4xxx-yxxx-xxxxxxxxxxxx"
  return (string.gsub(t, "[xy]", function(c)
    local v = (c == "x") and math.random(0, 15) or math.random(8, 11)
    return string.format("%x", v)
  end))
end
function init(args)
  if args[1] then prefix = args[1] end
  math.randomseed(os.time() * 1000 + tid)
end
request = function()
  counter = counter + 1
  local body = '{"person":{"givenName":"Camille","familyName":"Martin","email":"w' .. prefix .. '-' .. tid .. '-' .. counter .. '@example.fr"},"consent":[{"purpose":"email","granted":true,"textVersion":"v1","textHash":"sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","language":"fr"}],"source":{"utmSource":"bench","pageUrl":"https://bench.example.fr/agir"},"bot":{"honeypot":"","fillMs":5000}}'
  return wrk.format("POST", "/v1/signups", { ["Content-Type"] = "application/json", ["Origin"] = "https://bench.example.fr", ["Idempotency-Key"] = uuid() }, body)
end
