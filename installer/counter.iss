; Inno Setup script for window PCs (Windows 7 SP1 and later, 64-bit).
; Build dist\Counter with installer\counter.spec first, then: iscc installer\counter.iss
; Installs per machine into Program Files; user data stays in %LOCALAPPDATA%\Counter and is
; never touched by an upgrade or an uninstall.

#define AppVersion "0.1.0"

[Setup]
AppId={{6F1B7C2E-3C9A-4E55-9B8E-0C5D7A1E2F30}
AppName=Counter 综合受理窗口
AppVersion={#AppVersion}
AppPublisher=Counter
DefaultDirName={autopf}\Counter
DefaultGroupName=Counter
OutputBaseFilename=Counter-Setup-{#AppVersion}
Compression=lzma2
SolidCompression=yes
ArchitecturesAllowed=x64
ArchitecturesInstallIn64BitMode=x64
PrivilegesRequired=admin
UninstallDisplayName=Counter 综合受理窗口

[Languages]
Name: "chs"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"

[Files]
Source: "..\dist\Counter\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{group}\Counter 综合受理窗口"; Filename: "{app}\Counter.exe"
Name: "{commondesktop}\Counter 综合受理窗口"; Filename: "{app}\Counter.exe"

[Run]
; The end-of-day batch sync at 18:30 on working days (see docs/central.md).
Filename: "schtasks.exe"; Parameters: "/Create /F /TN ""Counter day close"" /SC WEEKLY /D MON,TUE,WED,THU,FRI,SAT /ST 18:30 /TR ""\""{app}\counter.exe\"" sync --day-close"""; Flags: runhidden
Filename: "{app}\Counter.exe"; Description: "启动 Counter"; Flags: postinstall nowait skipifsilent

[UninstallRun]
Filename: "schtasks.exe"; Parameters: "/Delete /F /TN ""Counter day close"""; Flags: runhidden; RunOnceId: "DelTask"
