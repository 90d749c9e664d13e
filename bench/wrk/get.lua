-- GET the URL's path (wrk's default request) and report with report.lua.
dofile("bench/wrk/report.lua")
