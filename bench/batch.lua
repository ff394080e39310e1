-- wrk script: POST /v1/recall-decisions/batch, ITEMS enforce requests per body (default 500), each
-- about a new message, in the mix of decisions.lua with shorter texts (500 items of decisions.lua's
-- 200-character texts would pass the 256 KiB body limit).
--   ITEMS=500   RUN=<unique prefix for ids> (default: the clock)

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

local items, run, headers, batches

function init(args)
   items = tonumber(os.getenv("ITEMS") or "500")
   run = os.getenv("RUN") or tostring(os.time())
   headers = { ["Content-Type"] = "application/json" }
   batches = 0
end

local function item(n)
   local scenario = scenarios[n % #scenarios + 1]
   local role = roles[n % #roles + 1]
   local text = texts[n % #texts + 1]
   local age = 5 + (n * 7) % 400
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
   return string.format(
      '{"scenario":"%s","conversationId":"c-%s-%d-%d",'
      .. '"message":{"id":"m-%d","senderId":"%s","senderRole":"%s","text":"%s",'
      .. '"sentAt":"2026-11-24T08:00:00Z","repliedAt":%s,"latest":%s},'
      .. '"requester":{"id":"%s","role":"%s"},"at":"%s"}',
      scenario, run, tid, n, n, sender, role, text, replied, tostring(n % 2 == 1), requester, role, at)
end

function request()
   batches = batches + 1
   local parts = {}
   for i = 1, items do
      counter = counter + 1
      parts[i] = item(counter)
   end
   local body = '{"requests":[' .. table.concat(parts, ",") .. ']}'
   return wrk.format("POST", "/v1/recall-decisions/batch", headers, body)
end
