-- wrk script: realistic POST /v1/recall-decisions requests, each about a new message.
--   MODE=preview|enforce (default enforce)   RUN=<unique prefix for ids> (default: the clock)
-- Scenarios, senders, ages and texts vary; one text in three carries a bank card, phone or ID
-- number; every other request carries a requestId (idempotent retries, as platforms send them).

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

local mode, run, headers

function init(args)
   mode = os.getenv("MODE") or "enforce"
   run = os.getenv("RUN") or tostring(os.time())
   headers = { ["Content-Type"] = "application/json" }
end

function request()
   counter = counter + 1
   local n = counter
   local scenario = scenarios[n % #scenarios + 1]
   local role = roles[n % #roles + 1]
   local text = texts[n % #texts + 1]
   local age = 5 + (n * 7) % 400 -- seconds after sending: inside and outside the windows
   local at = string.format("2026-11-24T08:%02d:%02dZ", math.floor(age / 60), age % 60)
   local sender = string.format("u-%d-%d", tid, n % 5000)
   local requester = sender
   if n % 11 == 0 then
      requester = "someone-else"
   end
   local replied = "null"
   if n % 3 == 0 then
      replied = '"2026-11-24T08:00:03Z"'
   end
   local request_id = ""
   if n % 2 == 0 then
      request_id = string.format('"requestId":"r-%s-%d-%d",', run, tid, n)
   end
   local body = string.format(
      '{%s"mode":"%s","scenario":"%s","conversationId":"c-%s-%d-%d",'
      .. '"message":{"id":"m-%d","senderId":"%s","senderRole":"%s","kind":"text","text":"%s",'
      .. '"sentAt":"2026-11-24T08:00:00Z","repliedAt":%s,"latest":%s,"tags":[]},'
      .. '"requester":{"id":"%s","role":"%s"},"at":"%s"}',
      request_id, mode, scenario, run, tid, n, n, sender, role, text, replied,
      tostring(n % 2 == 1), requester, role, at)
   return wrk.format("POST", "/v1/recall-decisions", headers, body)
end
