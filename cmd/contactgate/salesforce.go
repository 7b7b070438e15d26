package main

import (
	"log/slog"

	"github.com/urfave/cli/v2"
	"github.com/urfave/cli/v2/altsrc"

	"github.com/contactgate/contactgate/connectors"
	"github.com/contactgate/contactgate/connectors/hubspot"
	"github.com/contactgate/contactgate/connectors/salesforce"
)

// salesforceFlags are the credentials of --crm salesforce (--crm-url is the
// org's My Domain URL), for run and index bootstrap.
func salesforceFlags() []cli.Flag {
	return []cli.Flag{
		altsrc.NewStringFlag(&cli.StringFlag{Name: "crm-client-id", EnvVars: env("CRM_CLIENT_ID"), Usage: "salesforce: the connected app's client id (OAuth client credentials; the secret from $" + salesforce.SecretEnv + " or --crm-secret-file)"}),
		altsrc.NewPathFlag(&cli.PathFlag{Name: "crm-secret-file", EnvVars: env("CRM_SECRET_FILE"), Usage: "salesforce: file holding the connected app's client secret"}),
		altsrc.NewPathFlag(&cli.PathFlag{Name: "crm-jwt-key-file", EnvVars: env("CRM_JWT_KEY_FILE"), Usage: "salesforce: the connected app's certificate key (PEM): the JWT bearer flow instead of the client secret"}),
		altsrc.NewStringFlag(&cli.StringFlag{Name: "crm-jwt-user", EnvVars: env("CRM_JWT_USER"), Usage: "salesforce: with --crm-jwt-key-file, the user the tokens act as"}),
	}
}

// newSalesforce is the Salesforce client of --crm salesforce: --crm-url is
// the org's My Domain URL; tokens come from the JWT bearer flow with a key
// file, else from the client credentials with the secret from the
// environment or a file.
func newSalesforce(instanceURL, clientID, secretFile, jwtUser, jwtKeyFile string, log *slog.Logger) (connectors.CRM, error) {
	if instanceURL == hubspot.DefaultBaseURL {
		return nil, errorf("--crm salesforce: set --crm-url to the org's My Domain URL (https://NAME.my.salesforce.com)")
	}
	if jwtKeyFile != "" {
		key, err := salesforce.KeyFromFile(jwtKeyFile)
		if err != nil {
			return nil, err
		}
		return salesforce.New(salesforce.Config{InstanceURL: instanceURL, ClientID: clientID,
			JWT: &salesforce.JWTBearer{Username: jwtUser, Key: key}, Logger: log})
	}
	secret, err := salesforce.SecretFromEnvOrFile(salesforce.SecretEnv, secretFile)
	if err != nil {
		return nil, err
	}
	return salesforce.New(salesforce.Config{InstanceURL: instanceURL, ClientID: clientID, ClientSecret: secret, Logger: log})
}
