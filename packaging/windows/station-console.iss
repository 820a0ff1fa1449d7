; Inno Setup 6 script: the Windows installer of the station command console.
; NOT BUILT OR TESTED HERE (the project's machines run Linux); see packaging/README.md.
;
; Build on Windows from the repository root, after the PyInstaller bundle exists in
; dist\station-console (packaging\windows\build.ps1 does both):
;   "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" /DAppVersion=0.1.0 packaging\windows\station-console.iss

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "Station Command Console"
#define AppNameZh "派出所综合指挥室"
#define AppExe "station-console.exe"

[Setup]
AppId={{6B3F0D9C-6E35-4D8A-9C51-2F6A4B1E7C21}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=Station console maintainers
DefaultDirName={autopf}\station-console
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
OutputDir=..\..\dist
OutputBaseFilename=station-console-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\station-console.ico
UninstallDisplayIcon={app}\{#AppExe}
Compression=lzma2/max
SolidCompression=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Per machine: the duty officers' accounts need no rights of their own to run it.
PrivilegesRequired=admin
WizardStyle=modern

[Languages]
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
; The whole one-folder bundle: station-console.exe (the window), station-console-cli.exe
; (db upgrade, roster solve … in a terminal) and _internal\ (Python, Qt, QtWebEngine,
; map assets, catalogues, migrations, the demo's OpenStreetMap extract).
Source: "..\..\dist\station-console\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppNameZh}"; Filename: "{app}\{#AppExe}"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppNameZh}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppNameZh}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only the program folder: stores and settings under the users' AppData stay theirs.
Type: filesandordirs; Name: "{app}"
