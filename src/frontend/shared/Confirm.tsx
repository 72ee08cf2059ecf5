/**
 * A button for a step that undoes or ends something (withdraw a vote, close a poll), after Atlassian's guidance
 * for destructive actions: the button has the `warning` or `danger` appearance and opens a dialog that says what
 * will happen; only the dialog's button of the same appearance takes the step, Cancel leaves everything as it was.
 */
import { useState } from 'react';
import {
  Button,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
  ModalTitle,
  ModalTransition,
  Text,
} from '@forge/react';

export function ConfirmButton(props: {
  /** The step, on the button and on the dialog's confirming button. */
  label: string;
  title: string;
  /** What will happen, in the user's words. */
  text: string;
  /** The dialog's confirming button, e.g. "Ja, luk afstemningen". */
  confirm: string;
  cancel: string;
  appearance: 'warning' | 'danger';
  isDisabled?: boolean;
  onConfirm: () => Promise<void> | void;
}) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button appearance={props.appearance} isDisabled={props.isDisabled} onClick={() => setOpen(true)}>
        {props.label}
      </Button>
      <ModalTransition>
        {open ? (
          <Modal onClose={() => setOpen(false)} label={props.title}>
            <ModalHeader>
              <ModalTitle appearance={props.appearance}>{props.title}</ModalTitle>
            </ModalHeader>
            <ModalBody>
              <Text>{props.text}</Text>
            </ModalBody>
            <ModalFooter>
              <Button appearance="subtle" onClick={() => setOpen(false)}>
                {props.cancel}
              </Button>
              <Button
                appearance={props.appearance}
                isDisabled={props.isDisabled}
                onClick={async () => {
                  setOpen(false);
                  await props.onConfirm();
                }}
              >
                {props.confirm}
              </Button>
            </ModalFooter>
          </Modal>
        ) : null}
      </ModalTransition>
    </>
  );
}
