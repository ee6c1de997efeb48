-- Headless Neovim (0.7.2+) end-to-end check of `golint-ai server` (tests/test_editor_clients.py).
-- Run:  GOLINT_AI_PYTHON=/path/to/python nvim --headless -u NONE -i NONE -n \
--         -c "luafile tests/editor/nvim_e2e.lua" /path/to/leaky.go
-- Expects one GAI301 at GOLINT_AI_EXPECT_LINE:GOLINT_AI_EXPECT_COL (0-based), applies the
-- rule's quick fix, checks the diagnostic clears. Exits 0 on success, 1 on failure.
local python = os.getenv("GOLINT_AI_PYTHON") or "python3"
local want_line = tonumber(os.getenv("GOLINT_AI_EXPECT_LINE") or "12")
local want_col = tonumber(os.getenv("GOLINT_AI_EXPECT_COL") or "6")
local root = vim.fn.expand("%:p:h")
local function out(s) io.stdout:write(s .. "\n") end
local function fail(s) out("FAIL: " .. s); vim.cmd("cquit 1") end

local received = {}
local client_id = vim.lsp.start_client({
  name = "golint-ai",
  cmd = { python, "-m", "golint_ai", "server" },
  root_dir = root,
  init_options = { debounceMs = 50 },
  handlers = {
    ["textDocument/publishDiagnostics"] = function(err, result, ctx, config)
      table.insert(received, result)
      out(string.format("publishDiagnostics v%s: %d diagnostic(s)", tostring(result.version), #result.diagnostics))
      for _, d in ipairs(result.diagnostics) do
        out(string.format("  %d:%d %s [%s] %s", d.range.start.line + 1, d.range.start.character + 1, d.source, d.code, d.message))
      end
      vim.lsp.diagnostic.on_publish_diagnostics(err, result, ctx, config) -- fills vim.diagnostic
    end,
  },
})
if not client_id then fail("start_client returned nil") end

local buf = vim.api.nvim_get_current_buf()
vim.bo[buf].filetype = "go"
vim.lsp.buf_attach_client(buf, client_id) -- initialize + didOpen

if not vim.wait(30000, function() return #received >= 1 end, 50) then fail("no diagnostics within 30s") end
local diags = vim.diagnostic.get(buf)
if #diags ~= 1 or diags[1].lnum ~= want_line or diags[1].col ~= want_col then
  fail("unexpected vim.diagnostic state: " .. vim.inspect(diags))
end
out("vim.diagnostic.get(): " .. #diags .. " diagnostic at line " .. (diags[1].lnum + 1))

local client = vim.lsp.get_client_by_id(client_id)
local params = vim.lsp.util.make_range_params()
params.range = received[1].diagnostics[1].range
params.context = { diagnostics = received[1].diagnostics }
local res = vim.lsp.buf_request_sync(buf, "textDocument/codeAction", params, 10000)
local actions = res and res[client_id] and res[client_id].result
if not actions or #actions == 0 then fail("no code action: " .. vim.inspect(res)) end
for _, a in ipairs(actions) do out("code action: " .. a.title) end
local action = actions[1]
vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding or "utf-16")
out("applied: " .. action.title)
out("line " .. (want_line + 2) .. " now: " .. vim.api.nvim_buf_get_lines(buf, want_line + 1, want_line + 2, false)[1])

if not vim.wait(30000, function()
  return #received >= 2 and #received[#received].diagnostics == 0
end, 50) then fail("diagnostics not cleared after the fix") end
out("after fix: " .. #vim.diagnostic.get(buf) .. " diagnostics")
out("OK")
vim.lsp.stop_client(client_id)
vim.wait(3000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 50)
vim.cmd("qall!")
