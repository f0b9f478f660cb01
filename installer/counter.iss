; Inno Setup script for window PCs (Windows 10 and later, 64-bit). Built by
; .github/workflows/windows-build.yml: dist\Counter from installer\counter.spec (checked with
; installer\check_bundle.py), then: iscc /DAppVersion=X.Y.Z installer\counter.iss
; Installs per machine into Program Files (fixed folder: the day-close task names it). Each
; user's data stays in %LOCALAPPDATA%\Counter: an upgrade never touches it (the new version
; backs the store up and migrates it at its first start), nor does an uninstall.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define Bundle "..\dist\Counter"

; The build must carry everything the Linux package carries (installer/counter.spec RESOURCES);
; tests/installer/test_windows_files.py keeps this list equal to the spec's.
#if !DirExists(AddBackslash(SourcePath) + Bundle + "\_internal\resources\fonts")
  #error resources\fonts missing from dist\Counter
#endif
#if !DirExists(AddBackslash(SourcePath) + Bundle + "\_internal\resources\translations")
  #error resources\translations missing from dist\Counter
#endif
#if !DirExists(AddBackslash(SourcePath) + Bundle + "\_internal\resources\catalog")
  #error resources\catalog missing from dist\Counter
#endif
#if !DirExists(AddBackslash(SourcePath) + Bundle + "\_internal\app\models\migrations")
  #error app\models\migrations missing from dist\Counter
#endif
#if !DirExists(AddBackslash(SourcePath) + Bundle + "\_internal\app\sync\central_migrations")
  #error app\sync\central_migrations missing from dist\Counter
#endif

[Setup]
; Never change AppId: an upgrade finds the installed version by it.
AppId={{6F1B7C2E-3C9A-4E55-9B8E-0C5D7A1E2F30}
AppName=Counter 综合受理窗口
AppVersion={#AppVersion}
AppPublisher=Counter
DefaultDirName={autopf}\Counter
DisableDirPage=yes
DefaultGroupName=Counter
OutputDir=..\dist
OutputBaseFilename=Counter-Setup-{#AppVersion}
SetupIconFile=icons\counter.ico
UninstallDisplayIcon={app}\CounterWindow.exe
Compression=lzma2
SolidCompression=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
PrivilegesRequired=admin
CloseApplications=yes
UninstallDisplayName=Counter 综合受理窗口

[Languages]
Name: "chs"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"

[InstallDelete]
; The previous build's program files only (a file dropped by the new build must not linger);
; never the users' data folders.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#Bundle}\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion
Source: "windows\counter-day-close.xml"; DestDir: "{app}"; Flags: ignoreversion
Source: "..\README.md"; DestDir: "{app}"; Flags: ignoreversion

[Icons]
Name: "{group}\Counter 综合受理窗口"; Filename: "{app}\CounterWindow.exe"
Name: "{commondesktop}\Counter 综合受理窗口"; Filename: "{app}\CounterWindow.exe"

[Run]
; The end-of-day sync, for whichever user is logged on (see windows\counter-day-close.xml).
Filename: "schtasks.exe"; Parameters: "/Create /F /TN ""Counter\DayClose"" /XML ""{app}\counter-day-close.xml"""; Flags: runhidden
Filename: "{app}\CounterWindow.exe"; Description: "启动 Counter"; Flags: postinstall nowait skipifsilent runasoriginaluser

[UninstallRun]
Filename: "schtasks.exe"; Parameters: "/Delete /F /TN ""Counter\DayClose"""; Flags: runhidden; RunOnceId: "DelTask"
