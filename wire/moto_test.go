package wire

import (
	"context"
	"strings"
	"testing"

	"github.com/lambdaconf/lambdaconf/reference"
	"github.com/lambdaconf/lambdaconf/request"
	"github.com/lambdaconf/lambdaconf/target/targettest"
)

// TestAgainstMoto checks that a real emulator routes, parses and answers
// our signed requests.
func TestAgainstMoto(t *testing.T) {
	if testing.Short() {
		t.Skip("starts moto_server")
	}
	ep := targettest.Moto(t)
	c := newClient(t, ep, nil)
	resp, err := c.UpdateFunctionCode(context.Background(), request.UpdateFunctionCode{FunctionName: "lcf-missing", ZipFile: smallZip(t)})
	if err != nil {
		t.Fatal(err)
	}
	if resp.Status != 404 || resp.ErrorType != "ResourceNotFoundException" || resp.MessageKey != "message" ||
		!strings.HasPrefix(resp.Message, "Function not found: arn:aws:lambda:eu-west-1:") || !strings.HasSuffix(resp.Message, ":function:lcf-missing") {
		t.Errorf("moto answered %v (key %q), want 404 ResourceNotFoundException \"Function not found: arn:aws:lambda:eu-west-1:…:function:lcf-missing\"", resp, resp.MessageKey)
	}
	// moto routes by the service in the credential scope: a lambda-signed
	// ListFunctions reaches its Lambda handler.
	resp, err = c.Do(context.Background(), "lambda", "GET", "/2015-03-31/functions/", nil, nil, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	if resp.Status != 200 || resp.JSON == nil || resp.JSON["Functions"] == nil {
		t.Errorf("ListFunctions answered %d %s", resp.Status, resp.Body)
	}
}

// TestAgainstReference checks the same round trip against the embedded
// reference endpoint, which answers in AWS's error shape.
func TestAgainstReference(t *testing.T) {
	srv := reference.NewServer(reference.Options{Region: "eu-west-1"})
	defer srv.Close()
	c := newClient(t, srv.URL, nil)
	for _, name := range []string{"lcf-missing", "odd name%/ü"} {
		resp, err := c.UpdateFunctionCode(context.Background(), request.UpdateFunctionCode{FunctionName: name, ZipFile: smallZip(t)})
		if err != nil {
			t.Fatal(err)
		}
		if resp.Status/100 != 4 || resp.ErrorType == "" || resp.Message == "" {
			t.Errorf("%q: the reference answered %v (key %q), want a 4xx AWS error with a message", name, resp, resp.MessageKey)
		}
		if name == "lcf-missing" && (resp.Status != 404 || resp.ErrorType != "ResourceNotFoundException" || !strings.HasPrefix(resp.Message, "Function not found: ")) {
			t.Errorf("missing function: %v", resp)
		}
	}
}
