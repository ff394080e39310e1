-- wrk script: POST /v1/recall-decisions/batch, ITEMS enforce requests per body (default 500), each
-- about a new message, in the mix of decisions.lua with shorter texts (500 items of decisions.lua's
-- 200-character texts would pass the 256 KiB body limit).
--   ITEMS=500   RUN=<unique prefix for ids> (default: the clock)
-- As in decisions.lua, the shapes of the mix are formatted once; each item splices in its ids.

local counter = 0
local thread_no = 0

function setup(thread)
   thread_no = thread_no + 1
   thread:set("tid", thread_no)
end

local scenarios = { "after_sales", "ecommerce", "tech_support", "live_chat", "after_sales", "ecommerce" }
local roles = { "customer", "customer", "customer", "agent" }
local texts = {
   "sorry, wrong window, please take it back",
   "我的银行卡号 6222 0210 0112 3456 789 发错了",
   "ok, see you tomorrow at ten",
   "call me back at 13800138000 about the refund",
   "typo above, I meant the blue one",
   "身份证号 11010519491231002X 不该发在这里",
}

local items, run
local SHAPES = 13200 -- the period of the mix: lcm of 6, 4, 3, 2, 11 and 400 (the ages)
local shapes = {}

local function shape(n)
   local age = 5 + (n * 7) % 400
   local replied = "null"
   if n % 3 == 0 then
      replied = '"2026-11-24T08:00:03Z"'
   end
   return {
      scenario = scenarios[n % #scenarios + 1], role = roles[n % #roles + 1], text = texts[n % #texts + 1],
      at = string.format("2026-11-24T08:%02d:%02dZ", math.floor(age / 60), age % 60), replied = replied,
      latest = tostring(n % 2 == 1), someone_else = n % 11 == 0,
   }
end

function init(args)
   items = tonumber(os.getenv("ITEMS") or "500")
   run = os.getenv("RUN") or tostring(os.time())
   for k = 0, SHAPES - 1 do
      shapes[k] = shape(k)
   end
end

local function item(n)
   local s = shapes[n % SHAPES]
   local sender = "u-" .. tid .. "-" .. (n % 5000)
   local requester = sender
   if s.someone_else then
      requester = "someone-else"
   end
   return '{"scenario":"' .. s.scenario .. '","conversationId":"c-' .. run .. "-" .. tid .. "-" .. n
      .. '","message":{"id":"m-' .. n .. '","senderId":"' .. sender .. '","senderRole":"' .. s.role
      .. '","text":"' .. s.text .. '","sentAt":"2026-11-24T08:00:00Z","repliedAt":' .. s.replied
      .. ',"latest":' .. s.latest .. '},"requester":{"id":"' .. requester .. '","role":"' .. s.role
      .. '"},"at":"' .. s.at .. '"}'
end

local head = "POST /v1/recall-decisions/batch HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: "

function request()
   local parts = {}
   for i = 1, items do
      counter = counter + 1
      parts[i] = item(counter)
   end
   local body = '{"requests":[' .. table.concat(parts, ",") .. ']}'
   return head .. #body .. "\r\n\r\n" .. body
end
