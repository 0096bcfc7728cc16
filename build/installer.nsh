; Included by electron-builder's NSIS script (build/installer.nsh is its default `nsis.include`).
; `desk`, the support command line (resources\bin\desk.cmd, main/electron.ts --cli), on the PATH of
; every console: the installer adds resources\bin to the machine's Path (the install is per machine)
; and the uninstaller takes it off. electron-builder's NSIS holds strings of 8192 bytes: a Path
; too long to add to is left as it is, with a line in the install log, never cut short.
!include "StrFunc.nsh"
!include "WinMessages.nsh"

!define DESK_ENV_KEY "SYSTEM\CurrentControlSet\Control\Session Manager\Environment"
!define DESK_BIN "$INSTDIR\resources\bin"

; electron-builder compiles this file twice, for the uninstaller and for the installer, with
; warnings as errors: each build declares only the string function it uses.
!ifdef BUILD_UNINSTALLER
  ${UnStrRep}
!else
  ${StrStr}
!endif

!macro customInstall
  ReadRegStr $0 HKLM "${DESK_ENV_KEY}" "Path"
  ${StrStr} $1 "$0;" "${DESK_BIN};"
  ${If} $1 == ""
    StrLen $2 "$0"
    ${If} $2 < 7000
      WriteRegExpandStr HKLM "${DESK_ENV_KEY}" "Path" "$0;${DESK_BIN}"
      SendMessage ${HWND_BROADCAST} ${WM_SETTINGCHANGE} 0 "STR:Environment" /TIMEOUT=5000
    ${Else}
      DetailPrint "Path quá dài, không thêm ${DESK_BIN} / Path too long, ${DESK_BIN} not added"
    ${EndIf}
  ${EndIf}
!macroend

!macro customUnInstall
  ReadRegStr $0 HKLM "${DESK_ENV_KEY}" "Path"
  ${UnStrRep} $1 "$0" ";${DESK_BIN}" ""
  ${If} $1 != $0
    WriteRegExpandStr HKLM "${DESK_ENV_KEY}" "Path" "$1"
    SendMessage ${HWND_BROADCAST} ${WM_SETTINGCHANGE} 0 "STR:Environment" /TIMEOUT=5000
  ${EndIf}
!macroend
