; Inno Setup script: the Windows installer for Futasato, built by packaging/build.ps1 from the
; one-folder bundle in dist\futasato (PyInstaller). Per-machine install under Program Files;
; Start-menu entries for the app and the manual; the uninstaller removes the program only: the
; register, its backups and logs live under each user's %LOCALAPPDATA%\Futasato (or a portable
; copy's data folder) and are never touched.
;   iscc /DAppVersion=0.1.0 packaging\futasato.iss

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#define AppName "Futasato"
#define AppNameJa "ふたさと"

[Setup]
; A fixed id: a new version installs over the old one and keeps one uninstaller entry.
AppId={{6F0C9C53-0E7B-4C0E-9B0B-3C8F2A1D5E47}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppNameJa} {#AppVersion}
AppPublisher={#AppName}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppNameJa}
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\dist
OutputBaseFilename=futasato-setup-{#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
UninstallDisplayIcon={app}\futasato-window.exe
SetupIconFile=..\resources\icons\futasato.ico
UninstallDisplayName={#AppNameJa} ({#AppName}) {#AppVersion}
; No network at the counter: nothing is downloaded, nothing checks for updates.
DisableWelcomePage=no
LicenseFile=..\resources\fonts\IPA_Font_License.txt

[Languages]
Name: "japanese"; MessagesFile: "compiler:Languages\Japanese.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[Files]
Source: "..\dist\futasato\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
; The manual, when the release carries one (docs/manual, rendered from the same Markdown).
Source: "..\docs\manual\*"; DestDir: "{app}\manual"; Flags: ignoreversion recursesubdirs createallsubdirs skipifsourcedoesntexist
Source: "..\docs\install-windows.md"; DestDir: "{app}"; Flags: ignoreversion

[Icons]
Name: "{group}\{#AppNameJa}"; Filename: "{app}\futasato-window.exe"; WorkingDir: "{app}"
Name: "{group}\{#AppNameJa} 操作マニュアル"; Filename: "{app}\manual\ja\index.md"; Check: ManualInstalled
Name: "{group}\{#AppNameJa} の自己診断"; Filename: "{cmd}"; Parameters: "/k ""{app}\futasato.exe"" --self-test"; WorkingDir: "{app}"
Name: "{group}\{#AppNameJa} をアンインストール"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppNameJa}"; Filename: "{app}\futasato-window.exe"; WorkingDir: "{app}"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Run]
; The installer checks what it installed before anyone relies on it.
Filename: "{app}\futasato.exe"; Parameters: "--self-test"; Flags: runhidden waituntilterminated; StatusMsg: "自己診断を実行しています…"
Filename: "{app}\futasato-window.exe"; Description: "{cm:LaunchProgram,{#AppNameJa}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only what the program itself left in its folder; never the users' data folders.
Type: filesandordirs; Name: "{app}\_internal\__pycache__"

[Code]
function ManualInstalled(): Boolean;
begin
  Result := FileExists(ExpandConstant('{app}\manual\ja\index.md'));
end;
