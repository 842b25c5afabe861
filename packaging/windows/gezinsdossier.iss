; Inno Setup script: a per-user installer for Windows (no administrator rights), built by packaging/ci/windows.yml
;     iscc /DAppVersion=0.1.0 packaging\windows\gezinsdossier.iss
; Input: the PyInstaller bundle in dist\gezinsdossier (make package / pyinstaller packaging\gezinsdossier.spec).
; Output: dist\gezinsdossier-<version>-windows-setup.exe. Sign it afterwards (signtool, see docs/INSTALL.md).

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{6E0C3C1B-5B7A-4B8E-9D2F-2A4D7C9E1F05}
AppName=Gezinsdossier
AppVersion={#AppVersion}
AppPublisher=Gezinsdossier
DefaultDirName={localappdata}\Programs\Gezinsdossier
DefaultGroupName=Gezinsdossier
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ChangesAssociations=yes
LicenseFile=..\..\LICENSE
OutputDir=..\..\dist
OutputBaseFilename=gezinsdossier-{#AppVersion}-windows-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
UninstallDisplayIcon={app}\gezinsdossier.exe
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible

[Languages]
Name: "dutch"; MessagesFile: "compiler:Languages\Dutch.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "..\..\dist\gezinsdossier\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{userprograms}\Gezinsdossier"; Filename: "{app}\gezinsdossier.exe"
Name: "{userdesktop}\Gezinsdossier"; Filename: "{app}\gezinsdossier.exe"; Tasks: desktopicon

[Registry]
; The .dossier file type for this user (HKCU\Software\Classes): a double-click opens the app on the dossier.
Root: HKCU; Subkey: "Software\Classes\.dossier"; ValueType: string; ValueName: ""; ValueData: "Gezinsdossier.Dossier"; Flags: uninsdeletevalue
Root: HKCU; Subkey: "Software\Classes\.dossier"; ValueType: string; ValueName: "Content Type"; ValueData: "application/x-gezinsdossier"; Flags: uninsdeletevalue
Root: HKCU; Subkey: "Software\Classes\Gezinsdossier.Dossier"; ValueType: string; ValueName: ""; ValueData: "Gezinsdossier (versleuteld)"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\Gezinsdossier.Dossier\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\gezinsdossier.exe,0"
Root: HKCU; Subkey: "Software\Classes\Gezinsdossier.Dossier\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\gezinsdossier.exe"" ""%1"""

[Run]
Filename: "{app}\gezinsdossier.exe"; Description: "{cm:LaunchProgram,Gezinsdossier}"; Flags: nowait postinstall skipifsilent
