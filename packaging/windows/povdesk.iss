; Inno Setup 6 script: the povdesk installer for Windows (per-user, no administrator needed).
;
; Built by packaging\build_windows.ps1, which passes /DAppVersion, /DSourceDir (the PyInstaller
; one-folder bundle dist\povdesk) and /DSetupIcon. NOT BUILT ON THE PROJECT'S MACHINES (Linux
; only): kept ready, untested.
;
; Vietnamese wizard: Inno Setup ships no Vietnamese messages file; put the community translation
; "Vietnamese.isl" (jrsoftware.org, Unofficial translations) next to this script and it is used.
;
; The user's data (povdesk.sqlite and backups\ in %LOCALAPPDATA%\povdesk) is never removed by the
; uninstaller.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\povdesk"
#endif

[Setup]
AppId={{6C8BA36A-EB68-5D47-9023-4FFE1BE0DD9F}
AppName=povdesk
AppVersion={#AppVersion}
AppVerName=povdesk {#AppVersion}
AppPublisher=povdesk
AppComments=Ra soat ho ngheo, ho can ngheo
DefaultDirName={autopf}\povdesk
DefaultGroupName=povdesk
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist
OutputBaseFilename=povdesk-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
UninstallDisplayIcon={app}\povdesk-gui.exe
#ifdef SetupIcon
SetupIconFile={#SetupIcon}
#endif

[Languages]
#if FileExists(AddBackslash(SourcePath) + "Vietnamese.isl")
Name: "vi"; MessagesFile: "Vietnamese.isl"
#endif
Name: "en"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[InstallDelete]
; A new version replaces the old runtime completely (stale Qt/Python files would be loaded).
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\povdesk"; Filename: "{app}\povdesk-gui.exe"; WorkingDir: "{app}"
Name: "{autodesktop}\povdesk"; Filename: "{app}\povdesk-gui.exe"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\povdesk-gui.exe"; Description: "{cm:LaunchProgram,povdesk}"; Flags: nowait postinstall skipifsilent
