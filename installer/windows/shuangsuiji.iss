; Inno Setup 6 script for 双随机抽查工作台 — packs the PyInstaller folder dist\shuangsuiji\ into
; dist\shuangsuiji-<version>-setup.exe. Build on Windows (see README.md in this folder):
;   iscc /DAppVersion=0.1.0 installer\windows\shuangsuiji.iss
; The version comes only from that define (build_installer.ps1 reads it from pyproject.toml).
; Installs per user by default (no admin rights needed; the dialog offers all users). User data
; (%LOCALAPPDATA%\shuangsuiji: databases, backups, keys, logs) is never removed on uninstall.

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=x.y.z shuangsuiji.iss (build_installer.ps1 does)
#endif

#define AppName "双随机抽查工作台"
#define AppExe "shuangsuiji.exe"
#define RepoRoot ".." + "\" + ".."

[Setup]
AppId={{6E0B3C1A-4F7D-4C55-9C8B-2B6A4C1D9E21}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=双随机抽查工作台
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\shuangsuiji
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir={#RepoRoot}\dist
OutputBaseFilename=shuangsuiji-{#AppVersion}-setup
SetupIconFile={#RepoRoot}\resources\icons\shuangsuiji.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName} {#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes

[Languages]
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
; The whole one-folder bundle; an upgrade replaces it in place.
Source: "{#RepoRoot}\dist\shuangsuiji\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; A previous version's bundled libraries must not linger beside the new ones.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"
Name: "{group}\{#AppName} 自检 (self-test)"; Filename: "{cmd}"; Parameters: "/k ""{app}\shuangsuiji-cli.exe"" --self-test"; WorkingDir: "{app}"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only what the installer put in {app}; %LOCALAPPDATA%\shuangsuiji (the user's data) is kept.
Type: filesandordirs; Name: "{app}\_internal"
