@echo off
rem `desk`, the support command line of Mot Cua Desk, installed with the app: it runs the app's own
rem executable with --cli (main/electron.ts), so the PC needs no Node of its own. Shipped as
rem resources\bin\desk.cmd; the installer puts resources\bin on the PATH (build/installer.nsh).
rem The executable is found by listing, not named: its name is the Vietnamese product name, which
rem cmd.exe would read from this file in the console's code page and get wrong.
setlocal EnableDelayedExpansion
set "app="
for %%E in ("%~dp0..\..\*.exe") do (
  set "name=%%~nxE"
  if /i not "!name:~0,9!"=="Uninstall" set "app=%%~fE"
)
if not defined app (
  echo Khong tim thay ung dung Mot Cua Desk / the Mot Cua Desk executable was not found. 1>&2
  exit /b 70
)
rem Delayed expansion off again before the arguments are read: it would eat every "!" in them.
endlocal & set "app=%app%"
"%app%" --cli %*
exit /b %errorlevel%
