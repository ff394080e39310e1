-- wrk script: GET /v1/audit/proof/inclusion and /v1/audit/proof/consistency, half and half.
--   IDS=<file with one decisionId a line>   SIZE=<the log's size: a signed checkpoint's tree size>
-- Inclusion proofs are asked for a random stored decision in the tree of SIZE entries;
-- consistency proofs between a random earlier size and SIZE (what a monitor asks).

local ids = {}
local size = 1
local counter = 0
local thread_no = 0

function setup(thread)
   thread_no = thread_no + 1
   thread:set("tid", thread_no)
end

function init(args)
   size = tonumber(os.getenv("SIZE") or "1")
   for line in io.lines(os.getenv("IDS")) do
      ids[#ids + 1] = line
   end
   math.randomseed(os.time() + (tid or 0))
end

function request()
   counter = counter + 1
   if counter % 2 == 0 then
      local id = ids[math.random(#ids)]
      return wrk.format("GET", "/v1/audit/proof/inclusion?decisionId=" .. id .. "&treeSize=" .. size)
   end
   local from = math.random(size)
   return wrk.format("GET", "/v1/audit/proof/consistency?from=" .. from .. "&to=" .. size)
end
