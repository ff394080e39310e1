-- wrk script: realistic POST /v1/recall-decisions requests, each about a new message.
--   MODE=preview|enforce (default enforce)   RUN=<unique prefix for ids> (default: the clock)
-- Scenarios, senders, ages and texts vary; one text in three carries a bank card, phone or ID
-- number; every other request carries a requestId (idempotent retries, as platforms send them).
--
-- The load generator shares the machine with the service, so it must cost little per request:
-- the 13,200 distinct shapes of the mix (scenario, role, text, age, reply, latest, requester,
-- requestId or not) are formatted once at start, and each request only splices its own counter
-- into the ids (a new conversation, message and requestId every time).

local counter = 0
local thread_no = 0

function setup(thread)
   thread_no = thread_no + 1
   thread:set("tid", thread_no)
end

local scenarios = { "after_sales", "ecommerce", "tech_support", "live_chat", "after_sales", "ecommerce" }
local roles = { "customer", "customer", "customer", "agent" }

local filler = "the parcel arrived this morning but the colour is not the one in the photos, "
   .. "could you check the order again and tell me whether an exchange is possible before friday, thanks"
local texts = {
   "sorry, wrong window: " .. filler,
   "我的银行卡号 6222 0210 0112 3456 789 发错了，请撤回 " .. filler,
   "ok, see you tomorrow at ten; " .. filler,
   "call me back at 13800138000 about the refund please; " .. filler,
   "typo above, I meant the blue one, " .. filler,
   "身份证号 11010519491231002X 不该发在这里 " .. filler,
}

local mode, run
-- shapes[k]: everything about request n but its ids, for n % SHAPES == k
local SHAPES = 13200 -- the period of the mix: lcm of 6, 4, 3, 2, 11 and 400 (the ages: 7 * n % 400)
local shapes = {}
local sender_mod = 5000

-- everything about request n but its ids, as the text around them
local function shape(n)
   local scenario = scenarios[n % #scenarios + 1]
   local role = roles[n % #roles + 1]
   local text = texts[n % #texts + 1]
   local age = 5 + (n * 7) % 400 -- seconds after sending: inside and outside the windows
   local at = string.format("2026-11-24T08:%02d:%02dZ", math.floor(age / 60), age % 60)
   local replied = "null"
   if n % 3 == 0 then
      replied = '"2026-11-24T08:00:03Z"'
   end
   return {
      with_request_id = n % 2 == 0,
      someone_else = n % 11 == 0,
      -- {rid}"mode":…,"conversationId":"c-RUN-{tid-n}","message":{"id":"m-{n}","senderId":"u-{tid}-{n%5000}",
      -- …,"requester":{"id":"{sender or someone-else}","role":…},"at":…}
      before_conversation = '"mode":"' .. mode .. '","scenario":"' .. scenario .. '","conversationId":"c-' .. run .. "-",
      before_message = '","message":{"id":"m-',
      before_sender = '","senderId":"u-' .. tid .. "-",
      before_requester = '","senderRole":"' .. role .. '","kind":"text","text":"' .. text
         .. '","sentAt":"2026-11-24T08:00:00Z","repliedAt":' .. replied .. ',"latest":' .. tostring(n % 2 == 1)
         .. ',"tags":[]},"requester":{"id":"',
      after_requester = '","role":"' .. role .. '"},"at":"' .. at .. '"}',
   }
end

function init(args)
   mode = os.getenv("MODE") or "enforce"
   run = os.getenv("RUN") or tostring(os.time())
   for k = 0, SHAPES - 1 do
      shapes[k] = shape(k)
   end
end

local head = "POST /v1/recall-decisions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: "

function request()
   counter = counter + 1
   local n = counter
   local s = shapes[n % SHAPES]
   local id = tid .. "-" .. n
   local sender = n % sender_mod
   local requester
   if s.someone_else then
      requester = "someone-else"
   else
      requester = "u-" .. tid .. "-" .. sender
   end
   local rid = "{"
   if s.with_request_id then
      rid = '{"requestId":"r-' .. run .. "-" .. id .. '",'
   end
   local body = rid .. s.before_conversation .. id .. s.before_message .. n .. s.before_sender .. sender
      .. s.before_requester .. requester .. s.after_requester
   return head .. #body .. "\r\n\r\n" .. body
end
